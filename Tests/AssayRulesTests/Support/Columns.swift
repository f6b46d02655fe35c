import AssayClean
import AssayModel
import AssayPluginAPI

/// Builds the columnar `SnapshotView` of contract-v1 JSON Lines (as `assay simulate` writes them) with the
/// same code the cleaning run uses: every line through the contract decoder, then `SnapshotLoader`.
struct Columns {
    private var ratings: [Rating] = []

    /// Parses every line of a JSON Lines text.
    init(jsonLines text: String) throws {
        for (index, line) in text.split(separator: "\n").enumerated() where !line.isEmpty {
            ratings.append(try RatingDecoder.decode(JSONParser.parse(String(line)), lineNumber: index + 1))
        }
    }

    func build() throws -> SnapshotView {
        try SnapshotLoader.view(of: ratings)
    }
}
