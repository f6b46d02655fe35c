import AssayCrypto
import AssayModel

/// Writes the records of one batch inside one store transaction.
///
/// A batch is atomic: either every accepted rating, the batch's provenance record and its
/// audit entry are committed together, or none of them is (a crash mid-batch leaves nothing).
public protocol BatchWriter: AnyObject {
    /// The item with this id, stored earlier or introduced earlier in this batch.
    func item(_ itemID: String) throws -> Item?
    /// Stores a validated rating (and its item, if new). Returns `.accepted`, `.duplicate`
    /// or `.conflict` (same `rating_id`, other content); never overwrites.
    func insert(_ rating: Rating, line: Int?) throws -> IngestOutcome
    /// Records a rejected or conflicting record in the batch's problem list.
    func recordProblem(_ error: RatingError) throws
    /// Feeds the raw bytes the batch was read from into its provenance digest.
    func addRawBytes(_ bytes: UnsafeRawBufferPointer)
}
