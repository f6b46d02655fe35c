import AssayModel

/// A stored batch: its provenance and counts.
public struct BatchRecord: Sendable, Equatable {
    public let sequence: Int64
    public let batchID: String
    public let source: String
    public let submitter: String
    public let origin: String
    public let receivedAt: Timestamp
    public let committedAt: Timestamp
    public let rawSHA256: String
    public let rawBytes: Int64
    public let ratingsSHA256: String
    public let counts: IngestCounts
    public let idempotencyKey: String?

    /// Creates the value from its fields (for store backends).
    public init(
        sequence: Int64, batchID: String, source: String, submitter: String, origin: String, receivedAt: Timestamp, committedAt: Timestamp,
        rawSHA256: String, rawBytes: Int64, ratingsSHA256: String, counts: IngestCounts, idempotencyKey: String?
    ) {
        self.sequence = sequence
        self.batchID = batchID
        self.source = source
        self.submitter = submitter
        self.origin = origin
        self.receivedAt = receivedAt
        self.committedAt = committedAt
        self.rawSHA256 = rawSHA256
        self.rawBytes = rawBytes
        self.ratingsSHA256 = ratingsSHA256
        self.counts = counts
        self.idempotencyKey = idempotencyKey
    }
}

/// Where one stored rating came from.
public struct RatingProvenance: Sendable, Equatable {
    public let ratingID: String
    /// Content digest of the rating (sha256 of its canonical JSON).
    public let contentSHA256: String
    public let batch: BatchRecord
    /// 1-based line (or array element) in the batch's source.
    public let line: Int?

    /// Creates the value from its fields (for store backends).
    public init(ratingID: String, contentSHA256: String, batch: BatchRecord, line: Int?) {
        self.ratingID = ratingID
        self.contentSHA256 = contentSHA256
        self.batch = batch
        self.line = line
    }
}
