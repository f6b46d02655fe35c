import AssayModel

/// A state-changing event to be recorded in the audit log.
public struct AuditEvent: Sendable {
    /// Who did it: an OS user, an API token's name, `assay` for automatic actions.
    public var actor: String
    /// What happened, dotted: `batch.ingested`, `snapshot.created`, `run.started`, `review.decided`…
    public var action: String
    /// What it happened to: a batch id, a snapshot name, an annotator id.
    public var subject: String
    /// The numbers and ids behind the event (stored as canonical JSON).
    public var details: JSONValue
    /// When it happened.
    public var at: Timestamp

    public init(actor: String, action: String, subject: String, details: JSONValue = .object([]), at: Timestamp) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.at = at
    }
}

/// A recorded audit entry: the event, its place in the chain and its hash.
public struct AuditEntry: Sendable, Equatable {
    public let sequence: Int64
    public let at: Timestamp
    public let actor: String
    public let action: String
    public let subject: String
    /// Canonical JSON of the details.
    public let details: String
    public let previousHash: String
    public let hash: String

    /// Creates the value from its fields (for store backends).
    public init(sequence: Int64, at: Timestamp, actor: String, action: String, subject: String, details: String, previousHash: String, hash: String) {
        self.sequence = sequence
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The result of checking the audit chain.
public struct AuditVerification: Sendable, Equatable {
    /// Entries checked.
    public let entries: Int
    /// Hash of the last entry: record it elsewhere to detect a truncated tail later.
    public let headHash: String
    /// The first problem found, or `nil` when the chain and the batches check out.
    public let firstProblem: AuditProblem?

    public var isValid: Bool { firstProblem == nil }

    /// Creates the value from its fields (for store backends).
    public init(entries: Int, headHash: String, firstProblem: AuditProblem?) {
        self.entries = entries
        self.headHash = headHash
        self.firstProblem = firstProblem
    }
}

/// What is wrong with the audit log or the data it vouches for.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// The first entry (sequence number) that does not verify, if the problem is in the chain.
    public let sequence: Int64?
    public let reason: String

    public var description: String {
        if let sequence { return "audit entry #\(sequence): \(reason)" }
        return reason
    }

    /// Creates the value from its fields (for store backends).
    public init(sequence: Int64?, reason: String) {
        self.sequence = sequence
        self.reason = reason
    }
}
