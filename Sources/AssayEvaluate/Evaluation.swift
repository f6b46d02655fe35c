import AssayModel
import AssaySimulator

/// Scores a cleaning run against a simulation's truth (Docs/detection.md): per attack kind, how many adversaries
/// were caught (flagged or excluded), how many poisoned ratings were removed, and how often the cleaned dataset
/// chose the truly better response — on the attacked items and on all pairwise items — next to plain majority
/// vote over the raw ratings.
public struct Evaluation: Sendable {
    /// One line of the table: one attack kind, or `all`.
    public struct Row: Sendable, Hashable {
        public var kind: String
        public var adversaries = 0
        public var caught = 0
        public var excluded = 0
        public var poisoned = 0
        public var poisonedRemoved = 0
        public var attackedItems = 0
        public var cleanedCorrect = 0.0
        public var majorityCorrect = 0.0
        public var cleanedMissing = 0
        /// Majority vote scored on the items the dataset keeps only (the items with a `chosen_id`): compared with
        /// the cleaned dataset on exactly the same items, neither side's abstentions counted.
        public var majorityCorrectOnKept = 0.0
        /// The honest-only ceiling: the same consensus run on the honest ratings alone (perfect removal), scored on
        /// the same items; NaN without a ceiling run.
        public var ceilingCorrect = Double.nan
        public var ceilingMissing = 0

        public var recall: Double { adversaries > 0 ? Double(caught) / Double(adversaries) : .nan }
        public var removedShare: Double { poisoned > 0 ? Double(poisonedRemoved) / Double(poisoned) : .nan }
        public var cleanedAccuracy: Double { attackedItems > 0 ? cleanedCorrect / Double(attackedItems) : .nan }
        public var majorityAccuracy: Double { attackedItems > 0 ? majorityCorrect / Double(attackedItems) : .nan }
        public var ceilingAccuracy: Double { attackedItems > 0 ? ceilingCorrect / Double(attackedItems) : .nan }
        /// Items with a dataset row.
        public var keptItems: Int { attackedItems - cleanedMissing }
        /// The cleaned dataset's accuracy on the items it keeps.
        public var cleanedAccuracyOnKept: Double { keptItems > 0 ? cleanedCorrect / Double(keptItems) : .nan }
        /// Majority vote's accuracy on the same items.
        public var majorityAccuracyOnKept: Double { keptItems > 0 ? majorityCorrectOnKept / Double(keptItems) : .nan }
    }

    public var rows: [Row] = []
    public var honestAnnotators = 0
    public var honestFlagged = 0
    public var honestExcluded = 0
    public var honestDownweighted = 0
    /// Share of caught annotators who are adversaries.
    public var precision = Double.nan
    /// Accuracy of the cleaned dataset and of majority vote over every pairwise item of the truth.
    public var allItems = Row(kind: "all items")

    /// Evaluates `run` against `truth`; `ratings` (the raw contract-v1 JSON Lines) gives majority vote, the
    /// annotator list and the honest population (without it, only annotators in the run's `annotators.jsonl`).
    /// `ceiling`, the output of the same cleaning run on the honest ratings only (`assay simulate --honest-out`),
    /// gives the honest-only ceiling: how often perfect removal gets each item right with the same consensus.
    public init(run: RunOutput, truth: SimulationTruth, ratings: [JSONValue]? = nil, ceiling: RunOutput? = nil) {
        let adversaryKind = Dictionary(truth.adversaries.map { ($0.annotatorID, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var ratingAnnotator: [String: String] = [:]
        var votes: [String: [String: Double]] = [:]
        var annotators = Set(run.status.keys)
        for rating in ratings ?? [] {
            guard let id = rating["rating_id"]?.stringValue, let annotator = rating["annotator_id"]?.stringValue else { continue }
            ratingAnnotator[id] = annotator
            annotators.insert(annotator)
            if rating["kind"]?.stringValue == "pairwise", let item = rating["item_id"]?.stringValue, let choice = rating["choice"]?.stringValue {
                votes[item, default: [:]][choice, default: 0] += 1
            }
        }
        for poisoned in truth.poisoned { ratingAnnotator[poisoned.ratingID] = poisoned.annotatorID }
        func removed(_ rating: String) -> Bool {
            if run.excludedRatings.contains(rating) { return true }
            guard let annotator = ratingAnnotator[rating] else { return false }
            return run.caught(annotator)
        }
        func majorityScore(_ item: String, better: String) -> Double {
            guard let counts = votes[item], let top = counts.values.max(), top > 0 else { return 0 }
            let winners = counts.filter { $0.value == top && $0.key != "tie" }.map(\.key)
            return winners.contains(better) ? 1 / Double(winners.count) : 0
        }

        func scoreCeiling(_ row: inout Row, _ item: SimulationTruth.PairwiseItem) {
            guard let ceiling else { return }
            if row.ceilingCorrect.isNaN { row.ceilingCorrect = 0 }
            if let chosen = ceiling.chosen[item.itemID] {
                if chosen == item.betterResponseID { row.ceilingCorrect += 1 }
            } else {
                row.ceilingMissing += 1
            }
        }

        func score(_ row: inout Row, _ item: SimulationTruth.PairwiseItem) {
            row.attackedItems += 1
            let majority = majorityScore(item.itemID, better: item.betterResponseID)
            row.majorityCorrect += majority
            if let chosen = run.chosen[item.itemID] {
                if chosen == item.betterResponseID { row.cleanedCorrect += 1 }
                row.majorityCorrectOnKept += majority
            } else {
                row.cleanedMissing += 1
            }
            scoreCeiling(&row, item)
        }

        let kinds = Set(truth.adversaries.map(\.kind)).union(truth.poisoned.map(\.kind)).sorted()
        for kind in kinds {
            var row = Row(kind: kind.rawValue)
            for adversary in truth.adversaries where adversary.kind == kind {
                row.adversaries += 1
                if run.caught(adversary.annotatorID) { row.caught += 1 }
                if run.status[adversary.annotatorID] == "excluded" { row.excluded += 1 }
            }
            for poisoned in truth.poisoned where poisoned.kind == kind {
                row.poisoned += 1
                if removed(poisoned.ratingID) { row.poisonedRemoved += 1 }
            }
            for item in truth.pairwiseItems where item.attacks.contains(kind) {
                score(&row, item)
            }
            rows.append(row)
        }
        for item in truth.pairwiseItems { score(&allItems, item) }
        allItems.adversaries = truth.adversaries.count
        allItems.caught = truth.adversaries.filter { run.caught($0.annotatorID) }.count
        allItems.excluded = truth.adversaries.filter { run.status[$0.annotatorID] == "excluded" }.count
        allItems.poisoned = truth.poisoned.count
        allItems.poisonedRemoved = truth.poisoned.filter { removed($0.ratingID) }.count

        var caughtHonest = 0
        for annotator in annotators where adversaryKind[annotator] == nil {
            honestAnnotators += 1
            switch run.status[annotator] {
            case "flagged":
                honestFlagged += 1
                caughtHonest += 1
            case "excluded":
                honestExcluded += 1
                caughtHonest += 1
            case "downweighted": honestDownweighted += 1
            default: break
            }
        }
        let caughtAdversaries = allItems.caught
        precision = caughtAdversaries + caughtHonest > 0 ? Double(caughtAdversaries) / Double(caughtAdversaries + caughtHonest) : .nan
    }
}
