import AssayModel

/// One record read from an ingest source, before validation.
public struct SourceRecord: Sendable {
    /// What was read.
    public enum Payload: Sendable {
        /// One JSON Lines line (UTF-8, without its line terminator); usually a slice of ``SourceRecord/raw``.
        case jsonLine(ArraySlice<UInt8>)
        /// An already parsed JSON value (an element of a JSON array body, a converted CSV row).
        case json(JSONValue)
        /// A record that could not be read at all.
        case unreadable(RatingError)
        /// Bytes that carry no record (a blank line); they still count for the digest.
        case blank
    }

    /// 1-based line number (JSON Lines, CSV) or element number (JSON array).
    public let line: Int
    public let payload: Payload
    /// The raw bytes this record was read from (with its terminator), fed into the batch's
    /// provenance digest. A source that hashes its input some other way may leave it empty.
    public let raw: [UInt8]

    public init(line: Int, payload: Payload, raw: [UInt8]) {
        self.line = line
        self.payload = payload
        self.raw = raw
    }
}

/// A pull-based stream of records: files are read in chunks, so memory stays flat.
public protocol RecordSource {
    /// The next record, or `nil` at the end of input.
    mutating func next() throws -> SourceRecord?
    /// A description of where the records come from (a path), for provenance.
    var origin: String { get }
}
