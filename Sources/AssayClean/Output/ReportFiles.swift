import AssayModel
import Foundation

/// Writes `report.md` and `report.html` for a finished run.
enum ReportFiles {
    static func write(_ context: RunContext, to directory: URL) throws {
        let markdown = MinimalReport.markdown(context)
        try Data(markdown.utf8).write(to: directory.appendingPathComponent("report.md"))
        try Data(MinimalReport.html(markdown: markdown).utf8).write(to: directory.appendingPathComponent("report.html"))
    }
}

/// A plain report until the full renderer (AssayReport) is wired in.
enum MinimalReport {
    static func markdown(_ context: RunContext) -> String {
        var lines = ["# Assay cleaning run \(context.runID)", ""]
        lines.append("- snapshot: \(context.snapshot.name), sha256 \(context.snapshot.digest), \(context.snapshot.ratings) ratings")
        lines.append("- dataset rows: \(context.counts.datasetRows); score rows: \(context.counts.scoreRows); excluded ratings: \(context.counts.excludedRatings)")
        for status in AnnotatorStatus.allCases {
            lines.append("- \(status.rawValue) annotators: \(context.counts.annotatorsByStatus[status] ?? 0)")
        }
        lines.append("")
        lines.append("## Flagged and excluded annotators")
        for annotator in 0..<context.view.annotators.count where context.decisions.status[annotator] >= .flagged {
            lines.append("- \(context.view.annotators.ids[annotator]) (\(context.decisions.status[annotator].rawValue))")
            for finding in context.decisions.annotatorFindings[annotator] {
                lines.append("  - \(finding.rule): \(finding.finding.summary)")
            }
        }
        lines.append("")
        lines.append("Verify: `assay verify DIR --public-key PUB.pem` (Docs/verify.md).")
        return lines.joined(separator: "\n") + "\n"
    }

    static func html(markdown: String) -> String {
        let escaped = markdown.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>Assay run</title></head><body><pre>\(escaped)</pre></body></html>\n"
    }
}
