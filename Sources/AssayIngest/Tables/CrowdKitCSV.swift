import Foundation

/// Writes crowd-kit-style result tables (RFC 4180 CSV with a header row).
public enum CrowdKitCSV {
    /// A table from its header and rows; fields are quoted where they need it.
    public static func table(_ header: [String], _ rows: some Sequence<[String]>) -> String {
        var csv = header.map(field).joined(separator: ",") + "\n"
        for row in rows { csv += row.map(field).joined(separator: ",") + "\n" }
        return csv
    }

    /// Quotes a field when it holds a comma, a quote or a line break.
    public static func field(_ text: String) -> String {
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
