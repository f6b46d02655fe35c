/// The formats a ratings file can have (Docs/ingest.md).
public enum RatingFileFormat: String, CaseIterable, Sendable {
    /// Rating contract v1, one JSON object per line.
    case jsonl
    /// Pairwise CSV (`Docs/ingest.md`).
    case csv
    /// A Label Studio JSON export, default field names (`Docs/label-studio.md`).
    case labelStudio = "label-studio"

    /// The format of `file` when none is given: `.csv` is csv, anything else jsonl.
    public static func inferred(from file: String) -> RatingFileFormat { file.hasSuffix(".csv") ? .csv : .jsonl }
}
