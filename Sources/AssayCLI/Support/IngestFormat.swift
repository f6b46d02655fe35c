import ArgumentParser

/// `assay ingest --format`: how a file's bytes are read (`Docs/ingest.md`, `Docs/label-studio.md`).
enum IngestFormat: String, CaseIterable, ExpressibleByArgument {
    /// Rating contract v1, one JSON object per line.
    case jsonl
    /// Pairwise CSV (`Docs/ingest.md`).
    case csv
    /// A Label Studio JSON export, default field names.
    case labelStudio = "label-studio"

    /// The format of `file` when `--format` is not given: `.csv` is csv, anything else jsonl.
    static func inferred(from file: String) -> IngestFormat { file.hasSuffix(".csv") ? .csv : .jsonl }
}
