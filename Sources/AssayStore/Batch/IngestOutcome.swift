import AssayModel

/// What happened to one record of a batch.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored as a new rating.
    case accepted
    /// The same `rating_id` with the same content was already stored: a no-op.
    case duplicate
    /// Not stored: disagrees with what is stored (see the error).
    case conflict(RatingError)
    /// Not stored: breaks the contract (see the error).
    case rejected(RatingError)

    /// The contract word for the outcome.
    public var label: String {
        switch self {
        case .accepted: return "accepted"
        case .duplicate: return "duplicate"
        case .conflict: return "conflict"
        case .rejected: return "rejected"
        }
    }
}

/// Counts of a batch's outcomes.
public struct IngestCounts: Sendable, Equatable, Codable {
    public var accepted = 0
    public var duplicates = 0
    public var conflicts = 0
    public var rejected = 0

    public init(accepted: Int = 0, duplicates: Int = 0, conflicts: Int = 0, rejected: Int = 0) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.conflicts = conflicts
        self.rejected = rejected
    }

    /// Records seen.
    public var total: Int { accepted + duplicates + conflicts + rejected }

    /// Adds one outcome.
    public mutating func count(_ outcome: IngestOutcome) {
        switch outcome {
        case .accepted: accepted += 1
        case .duplicate: duplicates += 1
        case .conflict: conflicts += 1
        case .rejected: rejected += 1
        }
    }

    public static func + (lhs: IngestCounts, rhs: IngestCounts) -> IngestCounts {
        IngestCounts(
            accepted: lhs.accepted + rhs.accepted, duplicates: lhs.duplicates + rhs.duplicates,
            conflicts: lhs.conflicts + rhs.conflicts, rejected: lhs.rejected + rhs.rejected)
    }

    /// `accepted 10, duplicate 2, conflict 0, rejected 1`.
    public var summary: String {
        "accepted \(accepted), duplicate \(duplicates), conflict \(conflicts), rejected \(rejected)"
    }
}
