/// The rating task (`kind` in the rating contract v1).
public enum RatingKind: String, Sendable, CaseIterable, Codable {
    /// Two responses, one preferred (or a tie).
    case pairwise
    /// Two or more responses, ordered best first.
    case ranking
    /// One or more responses, each given a number on a scale.
    case score

    /// Stable small integer used in storage and columnar views.
    public var code: UInt8 {
        switch self {
        case .pairwise: return 0
        case .ranking: return 1
        case .score: return 2
        }
    }

    /// The kind for a storage code, if valid.
    public init?(code: UInt8) {
        switch code {
        case 0: self = .pairwise
        case 1: self = .ranking
        case 2: self = .score
        default: return nil
        }
    }

    /// How many responses an item needs to be rated with this kind.
    public var allowedResponseCounts: ClosedRange<Int> {
        switch self {
        case .pairwise: return 2...2
        case .ranking: return 2...Int.max
        case .score: return 1...Int.max
        }
    }

    /// The contract wording of ``allowedResponseCounts``.
    public var responseCountRule: String {
        switch self {
        case .pairwise: return "exactly 2"
        case .ranking: return "2 or more"
        case .score: return "1 or more"
        }
    }
}
