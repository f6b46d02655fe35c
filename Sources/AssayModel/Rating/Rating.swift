import AssayCrypto

/// One rating event as defined by the rating contract v1 (`shared/contract/ratings-v1.md`).
///
/// A `Rating` has passed every self-contained rule of the contract (types, ranges, required
/// fields per kind); the rules that need the item (response ids, counts per kind, texts
/// equal to the stored ones) are checked by ``Rating/check(against:)``.
public struct Rating: Sendable, Equatable {
    public var ratingID: String
    public var annotatorID: String
    public var itemID: String
    public var kind: RatingKind
    /// The prompt text when the rating carries it (required on first sight of an item).
    public var prompt: String?
    /// The candidates in canonical order when the rating carries them.
    public var responses: [Response]?
    /// The order this annotator saw the responses in; `nil` means the canonical order.
    public var shownOrder: [String]?
    public var answer: Answer
    public var submittedAt: Timestamp
    public var durationMs: Int64?
    public var gold: GoldAnswer?
    /// The platform's `meta` object, as the canonical JSON of what was sent.
    public var meta: JSONValue?

    public init(
        ratingID: String, annotatorID: String, itemID: String, kind: RatingKind, prompt: String? = nil,
        responses: [Response]? = nil, shownOrder: [String]? = nil, answer: Answer, submittedAt: Timestamp,
        durationMs: Int64? = nil, gold: GoldAnswer? = nil, meta: JSONValue? = nil
    ) {
        self.ratingID = ratingID
        self.annotatorID = annotatorID
        self.itemID = itemID
        self.kind = kind
        self.prompt = prompt
        self.responses = responses
        self.shownOrder = shownOrder
        self.answer = answer
        self.submittedAt = submittedAt
        self.durationMs = durationMs
        self.gold = gold
        self.meta = meta
    }

    /// The item this rating describes, when it carries both prompt and responses.
    public var carriedItem: Item? {
        guard let prompt, let responses else { return nil }
        return Item(id: itemID, prompt: prompt, responses: responses)
    }
}
