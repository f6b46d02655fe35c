import AssayModel

/// The preferences a run's `dataset.jsonl` holds, one per item and pair of responses (a ranking item gives several).
public struct RunPreferences: Sendable {
    /// An item and an unordered pair of its responses.
    public struct Pair: Sendable, Hashable, Comparable {
        public let item: String
        /// The pair's response ids, sorted.
        public let first: String
        public let second: String

        public init(item: String, _ a: String, _ b: String) {
            self.item = item
            (first, second) = a.utf8.lexicographicallyPrecedes(b.utf8) ? (a, b) : (b, a)
        }

        public static func < (lhs: Pair, rhs: Pair) -> Bool {
            (lhs.item, lhs.first, lhs.second) < (rhs.item, rhs.first, rhs.second)
        }
    }

    /// What the run kept for one pair.
    public struct Preference: Sendable, Equatable {
        /// The chosen response id.
        public let chosen: String
        /// Whether the chosen response's text is the longer one (ties in length count as not longer).
        public let chosenLonger: Bool
    }

    /// The kept preference of every pair.
    public private(set) var pairs: [Pair: Preference] = [:]

    public init() {}

    /// Reads `directory/dataset.jsonl` (contract outputs v1: `item_id`, `chosen_id`, `rejected_id`, `chosen`, `rejected`).
    public init(directory: String) throws(EvaluationError) {
        for (index, line) in try Lines.read("\(directory)/dataset.jsonl").enumerated() {
            guard let item = line["item_id"]?.stringValue, let chosen = line["chosen_id"]?.stringValue,
                let rejected = line["rejected_id"]?.stringValue
            else {
                throw .malformed(file: "\(directory)/dataset.jsonl", reason: "line \(index + 1): item_id, chosen_id or rejected_id missing")
            }
            let longer = (line["chosen"]?.stringValue?.count ?? 0) > (line["rejected"]?.stringValue?.count ?? 0)
            pairs[Pair(item: item, chosen, rejected)] = Preference(chosen: chosen, chosenLonger: longer)
        }
    }
}
