import AssayCrypto
import AssayModel

/// The durable record of a committed batch.
public struct BatchReceipt: Sendable, Equatable {
    /// The batch id (`b-…`), unique in the store.
    public let batchID: String
    /// Store-internal sequence number of the batch.
    public let sequence: Int64
    public let counts: IngestCounts
    /// SHA-256 of the raw bytes the batch was read from.
    public let rawDigest: SHA256Digest
    /// SHA-256 over the accepted ratings' ids and content digests, in ingest order.
    public let ratingsDigest: SHA256Digest
    /// True when the `Idempotency-Key` matched an earlier batch, which is returned instead.
    public let replayed: Bool

    /// Creates the value from its fields (for store backends).
    public init(batchID: String, sequence: Int64, counts: IngestCounts, rawDigest: SHA256Digest, ratingsDigest: SHA256Digest, replayed: Bool) {
        self.batchID = batchID
        self.sequence = sequence
        self.counts = counts
        self.rawDigest = rawDigest
        self.ratingsDigest = ratingsDigest
        self.replayed = replayed
    }
}
