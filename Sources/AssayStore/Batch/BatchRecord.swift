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
}

/// Where one stored rating came from.
public struct RatingProvenance: Sendable, Equatable {
    public let ratingID: String
    /// Content digest of the rating (sha256 of its canonical JSON).
    public let contentSHA256: String
    public let batch: BatchRecord
    /// 1-based line (or array element) in the batch's source.
    public let line: Int?
}
