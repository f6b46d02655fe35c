import AssayModel

/// Provenance of one ingest batch, given by the caller before the first rating.
public struct BatchHeader: Sendable {
    /// Where the ratings came from, as named by the caller (a platform, a project, a file set).
    public var source: String
    /// Who submitted: the OS user for the CLI, the API token's identity for HTTP.
    public var submitter: String
    /// The concrete origin: a file path and line range, or `http`.
    public var origin: String
    /// When the batch was received.
    public var receivedAt: Timestamp
    /// A caller-chosen key that makes a whole-batch re-send idempotent (HTTP `Idempotency-Key`).
    public var idempotencyKey: String?
    /// If true, any rejected or conflicting record rolls the whole batch back.
    public var allOrNothing: Bool

    public init(
        source: String, submitter: String, origin: String, receivedAt: Timestamp, idempotencyKey: String? = nil,
        allOrNothing: Bool = false
    ) {
        self.source = source
        self.submitter = submitter
        self.origin = origin
        self.receivedAt = receivedAt
        self.idempotencyKey = idempotencyKey
        self.allOrNothing = allOrNothing
    }
}
