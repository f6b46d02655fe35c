import AssayModel

/// A rating as read back from the store, with its place in the store.
public struct StoredRating: Sendable {
    /// Ingest order; snapshots are "every rating with `sequence` ≤ watermark".
    public let sequence: Int64
    public let batchSequence: Int64
    public let rating: Rating
    /// SHA-256 of the rating's canonical content, hex.
    public let contentSHA256: String

    /// Creates the value from its fields (for store backends).
    public init(sequence: Int64, batchSequence: Int64, rating: Rating, contentSHA256: String) {
        self.sequence = sequence
        self.batchSequence = batchSequence
        self.rating = rating
        self.contentSHA256 = contentSHA256
    }
}
