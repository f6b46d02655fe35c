import AssayModel

/// Reading stored ratings and items back, for snapshots and the cleaning run.
public protocol RatingReader: Sendable {
    /// Visits every rating up to `watermark`, in ingest order, each re-checked against its
    /// content digest.
    func forEachRating(upTo watermark: Int64, _ visit: (StoredRating) throws -> Void) throws

    /// Every item referenced by ratings up to `watermark`, with its texts, in item-id order.
    func items(upTo watermark: Int64) throws -> [Item]

    /// The highest rating sequence number stored (0 when empty).
    func latestWatermark() throws -> Int64
}
