/// Batches of ratings, each committed atomically with its provenance and audit entry.
public protocol BatchStore: Sendable {
    /// Runs `body` inside one transaction for one batch and commits the batch with its
    /// provenance and audit entry; throws (storing nothing) if `body` throws.
    ///
    /// Idempotent: a rating whose `rating_id` is stored already is a duplicate (same content) or
    /// a conflict (other content), never stored twice; a header whose `idempotencyKey` names a
    /// committed batch returns that batch's receipt (`replayed`) and stores nothing, also when the
    /// two arrive at the same time (on one node or several).
    func ingestBatch(_ header: BatchHeader, _ body: (any BatchWriter) throws -> Void) throws -> BatchReceipt

    /// The provenance record of a batch.
    /// - Throws: ``StoreError/notFound(what:name:)`` for an unknown id.
    func batch(_ batchID: String) throws -> BatchRecord

    /// The provenance of one rating, or `nil` when no rating has this id.
    func provenance(ratingID: String) throws -> RatingProvenance?
}
