/// A pairwise choice: one of the two responses, or a tie.
public enum PairwiseChoice: Sendable, Equatable, Hashable {
    case response(String)
    case tie

    /// The contract encoding: the response id, or `"tie"`.
    public var contractValue: String {
        switch self {
        case .response(let id): return id
        case .tie: return "tie"
        }
    }

    public init(contractValue: String) {
        self = contractValue == "tie" ? .tie : .response(contractValue)
    }
}

/// One response's score in a score rating.
public struct ResponseScore: Sendable, Equatable, Hashable {
    public let responseID: String
    public let score: Double

    public init(responseID: String, score: Double) {
        self.responseID = responseID
        self.score = score
    }
}

/// The answer a rating gives, by kind (contract v1 fields `choice`/`strength`,
/// `ranking`, `scores`/`scale`/`attribute`).
public enum Answer: Sendable, Equatable {
    /// `choice` and optional `strength` in [0, 1].
    case pairwise(choice: PairwiseChoice, strength: Double?)
    /// `ranking`: response ids, best first.
    case ranking([String])
    /// `scores` (sorted by response id), `scale` and `attribute`.
    case score(scores: [ResponseScore], scale: ScoreScale, attribute: String)

    /// The kind this answer belongs to.
    public var kind: RatingKind {
        switch self {
        case .pairwise: return .pairwise
        case .ranking: return .ranking
        case .score: return .score
        }
    }

    /// Response ids the answer refers to (checked against the item).
    public var referencedResponseIDs: [String] {
        switch self {
        case .pairwise(let choice, _):
            if case .response(let id) = choice { return [id] }
            return []
        case .ranking(let ids): return ids
        case .score(let scores, _, _): return scores.map(\.responseID)
        }
    }

    /// The answer's contract fields as JSON members (for canonical encoding and storage).
    public var contractMembers: [(key: String, value: JSONValue)] {
        switch self {
        case .pairwise(let choice, let strength):
            var members: [(key: String, value: JSONValue)] = [("choice", .string(choice.contractValue))]
            if let strength { members.append(("strength", .number(strength))) }
            return members
        case .ranking(let ids):
            return [("ranking", .array(ids.map(JSONValue.string)))]
        case .score(let scores, let scale, let attribute):
            return [
                ("scores", .object(scores.map { ($0.responseID, JSONValue.number($0.score)) })),
                ("scale", .array([.number(scale.min), .number(scale.max)])),
                ("attribute", .string(attribute)),
            ]
        }
    }
}

/// The `[min, max]` scale of a score rating.
public struct ScoreScale: Sendable, Equatable, Hashable {
    public let min: Double
    public let max: Double

    public init(min: Double, max: Double) {
        self.min = min
        self.max = max
    }

    public func contains(_ value: Double) -> Bool { value >= min && value <= max }
}

/// The `gold` answer of a control item: the same shape as the answer field of its kind.
public enum GoldAnswer: Sendable, Equatable {
    case pairwise(PairwiseChoice)
    case ranking([String])
    case score([ResponseScore])

    /// Response ids the gold answer refers to.
    public var referencedResponseIDs: [String] {
        switch self {
        case .pairwise(let choice):
            if case .response(let id) = choice { return [id] }
            return []
        case .ranking(let ids): return ids
        case .score(let scores): return scores.map(\.responseID)
        }
    }

    /// The contract JSON encoding.
    public var json: JSONValue {
        switch self {
        case .pairwise(let choice): return .string(choice.contractValue)
        case .ranking(let ids): return .array(ids.map(JSONValue.string))
        case .score(let scores): return .object(scores.map { ($0.responseID, JSONValue.number($0.score)) })
        }
    }
}
