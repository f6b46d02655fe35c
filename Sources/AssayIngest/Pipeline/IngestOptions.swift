import AssayModel

/// How an input is ingested.
public struct IngestOptions: Sendable {
    /// The source name recorded in every batch's provenance.
    public var source: String
    /// Who submits (OS user for the CLI, token identity for HTTP).
    public var submitter: String
    /// Any rejected or conflicting record rolls back the whole input (which is then one batch).
    public var allOrNothing: Bool
    /// Split a long input into atomic batches of at most this many records (`nil`: one batch).
    /// Each batch commits on its own, so a crash loses at most the batch in progress; a re-run
    /// finds the committed ones as duplicates.
    public var recordsPerBatch: Int?
    /// Whole-batch idempotency key (HTTP `Idempotency-Key`); only for single-batch inputs.
    public var idempotencyKey: String?

    public init(
        source: String, submitter: String, allOrNothing: Bool = false, recordsPerBatch: Int? = nil,
        idempotencyKey: String? = nil
    ) {
        self.source = source
        self.submitter = submitter
        self.allOrNothing = allOrNothing
        self.recordsPerBatch = recordsPerBatch
        self.idempotencyKey = idempotencyKey
    }
}
