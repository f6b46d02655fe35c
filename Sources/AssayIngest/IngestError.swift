/// Errors that stop an ingest before or outside record validation.
public enum IngestError: Error, Sendable, CustomStringConvertible {
    case cannotRead(path: String, reason: String)
    case csvHeader(path: String, reason: String)
    /// A CSV record too large to hold (``CSVRecordReader/RecordTooLarge``); the rest of the file is not read.
    case csvRecordTooLarge(path: String, CSVRecordReader.RecordTooLarge)
    case unknownFormat(String)

    public var description: String {
        switch self {
        case .cannotRead(let path, let reason): return "cannot read \(path): \(reason)"
        case .csvHeader(let path, let reason): return "\(path): bad CSV header: \(reason)"
        case .csvRecordTooLarge(let path, let problem): return "\(path): \(problem) (reading stopped here; the batch in progress was not stored)"
        case .unknownFormat(let format): return "unknown format \"\(format)\" (use jsonl or csv)"
        }
    }
}
