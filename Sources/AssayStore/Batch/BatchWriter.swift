import AssayCrypto
import AssayModel

/// Writes the records of one batch inside one store transaction.
///
/// A batch is atomic: either every accepted rating, the batch's provenance record and its
/// audit entry are committed together, or none of them is (a crash mid-batch leaves nothing).
public protocol BatchWriter: AnyObject {
    /// The item with this id, stored earlier or introduced earlier in this batch.
    func item(_ itemID: String) throws -> DigestedItem?
    /// The item with this id as ``item(_:)`` finds it, but with its prompt and response texts left empty (response ids
    /// and content digest kept): enough to check a rating that carries no texts, without reading texts back.
    func itemOutline(_ itemID: String) throws -> DigestedItem?
    /// Stores a validated rating (and `newItem`, when the item is not stored yet). Returns
    /// `.accepted`, `.duplicate` or `.conflict` (same `rating_id`, other content); never overwrites.
    func insert(_ prepared: PreparedRating, newItem: DigestedItem?, line: Int?) throws -> IngestOutcome
    /// Records a rejected or conflicting record in the batch's problem list.
    func recordProblem(_ error: RatingError) throws
    /// Sets the digest and size of the raw bytes the batch was read from (its provenance).
    func setRawInput(digest: SHA256Digest, bytes: Int64)
    /// Announces the ratings and items of the next records, before their ``insert(_:newItem:line:)``
    /// calls, so that a writer far from its database can look them all up in one round trip.
    /// A hint only: the outcomes are the same whether or not it was called.
    func prefetch(ratingIDs: [String], itemIDs: [String]) throws
}

extension BatchWriter {
    /// Writers next to their database (SQLite) look records up one by one.
    public func prefetch(ratingIDs: [String], itemIDs: [String]) throws {}
}
