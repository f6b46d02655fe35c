import AssayModel

/// A named, consistent view of the stored ratings: every rating with sequence ≤ `watermark`.
public struct SnapshotInfo: Sendable, Equatable {
    public let name: String
    public let watermark: Int64
    public let createdAt: Timestamp
    public let ratings: Int
    public let items: Int
    public let annotators: Int
    /// Content digest (see ``SnapshotDigest``), hex.
    public let digest: String

    /// Creates the value from its fields (for store backends).
    public init(name: String, watermark: Int64, createdAt: Timestamp, ratings: Int, items: Int, annotators: Int, digest: String) {
        self.name = name
        self.watermark = watermark
        self.createdAt = createdAt
        self.ratings = ratings
        self.items = items
        self.annotators = annotators
        self.digest = digest
    }
}

/// The content digest of a set of ratings.
///
/// `SHA-256("assay-snapshot-v1\n" ‖ for each rating in rating_id order (bytewise):
/// rating_id "\t" rating content sha256 "\t" item content sha256 "\n")`. It depends only on
/// the ratings' contract content and their items' texts, not on ingest order, batch
/// boundaries or the store, so two stores holding the same ratings give the same digest.
public struct SnapshotDigest: Sendable, Equatable {
    public let digest: String
    public let ratings: Int
    public let items: Int
    public let annotators: Int

    /// Creates the value from its fields (for store backends).
    public init(digest: String, ratings: Int, items: Int, annotators: Int) {
        self.digest = digest
        self.ratings = ratings
        self.items = items
        self.annotators = annotators
    }
}
