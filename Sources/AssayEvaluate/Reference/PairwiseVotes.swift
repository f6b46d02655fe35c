import AssayModel

/// The pairwise ratings of a raw contract-v1 file, as the baselines and the annotator agreement need them: who chose
/// what on which item, in file order, and each item's two response ids in canonical order.
///
/// Ratings of other kinds (ranking, score) and lines without `annotator_id`, `item_id` or `choice` are skipped; so
/// are items that do not have exactly two responses. An item's responses come from the first rating that lists them
/// (`responses`); an item never described falls back to the first two distinct choices seen, in sorted order.
public struct PairwiseVotes: Sendable {
    /// One rating: annotator, item index (into `items`), and the choice (a response id or `tie`).
    public struct Vote: Sendable, Hashable {
        public var annotator: String
        public var item: Int
        public var choice: ReferenceAnswers.Answer
    }

    /// One pairwise item: its id and its two response ids in canonical order.
    public struct Item: Sendable, Hashable {
        public var id: String
        public var first: String
        public var second: String

        /// The other response of the pair.
        public func other(than response: String) -> String { response == first ? second : first }
    }

    public private(set) var items: [Item] = []
    public private(set) var votes: [Vote] = []
    /// Every rating read, of any kind.
    public private(set) var ratings = 0

    /// Collects the pairwise votes of `ratings` (parsed contract-v1 objects, in file order).
    public init(ratings: [JSONValue]) {
        var index: [String: Int] = [:]
        var described: [String: (String, String)] = [:]
        var seenChoices: [String: Set<String>] = [:]
        var pending: [(annotator: String, item: String, choice: String)] = []
        var order: [String] = []
        for rating in ratings {
            self.ratings += 1
            guard rating["kind"]?.stringValue == "pairwise", let annotator = rating["annotator_id"]?.stringValue,
                let item = rating["item_id"]?.stringValue
            else { continue }
            if described[item] == nil, case .array(let responses)? = rating["responses"] {
                let ids = responses.compactMap { $0["id"]?.stringValue }
                if ids.count == 2 { described[item] = (ids[0], ids[1]) }
            }
            guard let choice = rating["choice"]?.stringValue else { continue }
            if index[item] == nil {
                index[item] = order.count
                order.append(item)
            }
            if choice != "tie" { seenChoices[item, default: []].insert(choice) }
            pending.append((annotator, item, choice))
        }
        var kept: [String: Int] = [:]
        for id in order {
            let pair: (String, String)
            if let responses = described[id] {
                pair = responses
            } else {
                let choices = (seenChoices[id] ?? []).sorted()
                guard choices.count == 2 else { continue }
                pair = (choices[0], choices[1])
            }
            kept[id] = items.count
            items.append(Item(id: id, first: pair.0, second: pair.1))
        }
        for vote in pending {
            guard let item = kept[vote.item] else { continue }
            let pair = items[item]
            guard vote.choice == "tie" || vote.choice == pair.first || vote.choice == pair.second else { continue }
            votes.append(Vote(annotator: vote.annotator, item: item, choice: ReferenceAnswers.Answer(vote.choice)))
        }
    }

    /// Reads a contract-v1 JSON Lines file.
    public init(path: String) throws(EvaluationError) {
        self.init(ratings: try Lines.read(path))
    }

    /// Votes that prefer a response (not `tie`).
    public var strictVotes: Int { votes.filter { $0.choice != .tie }.count }
}
