import AssayModel

/// What changed between two cleaning runs (or releases) over overlapping snapshots: the data-level check against a
/// trusted baseline that a retraining approval needs.
///
/// Lists the pairs whose kept preference flipped, the pairs only one run kept, the annotators whose status changed
/// (including those only one run saw), and the shift in the share of each chosen response id and of rows that
/// prefer the longer response (a length-biased poisoning moves it).
public struct RunDiff: Sendable {
    /// A pair both runs kept with different chosen responses.
    public struct Flip: Sendable, Equatable {
        public let pair: RunPreferences.Pair
        public let before: String
        public let after: String
    }

    /// An annotator whose status differs; `nil` where that run did not see them.
    public struct StatusChange: Sendable, Equatable {
        public let annotator: String
        public let before: String?
        public let after: String?
    }

    /// The share of dataset rows with a label, before and after.
    public struct Share: Sendable, Equatable {
        /// `chosen_id=<id>`, or `chosen_longer`.
        public let label: String
        public let before: Double
        public let after: Double
        public var shift: Double { after - before }
    }

    /// Flips, sorted by item and pair.
    public let flips: [Flip]
    /// Pairs both runs kept.
    public let pairsInBoth: Int
    /// Pairs only the earlier run kept.
    public let pairsOnlyBefore: Int
    /// Pairs only the later run kept.
    public let pairsOnlyAfter: Int
    /// Status changes, sorted by annotator id.
    public let statusChanges: [StatusChange]
    /// Label shares, sorted by label.
    public let shares: [Share]

    /// Compares `before` (the baseline) with `after`.
    public init(before: RunPreferences, after: RunPreferences, statusBefore: [String: String], statusAfter: [String: String]) {
        var flips: [Flip] = []
        var both = 0
        for (pair, preference) in after.pairs {
            guard let earlier = before.pairs[pair] else { continue }
            both += 1
            if earlier.chosen != preference.chosen { flips.append(Flip(pair: pair, before: earlier.chosen, after: preference.chosen)) }
        }
        self.flips = flips.sorted { $0.pair < $1.pair }
        pairsInBoth = both
        pairsOnlyBefore = before.pairs.count - both
        pairsOnlyAfter = after.pairs.count - both
        var changes: [StatusChange] = []
        for annotator in Set(statusBefore.keys).union(statusAfter.keys) where statusBefore[annotator] != statusAfter[annotator] {
            changes.append(StatusChange(annotator: annotator, before: statusBefore[annotator], after: statusAfter[annotator]))
        }
        statusChanges = changes.sorted { $0.annotator.utf8.lexicographicallyPrecedes($1.annotator.utf8) }
        func shares(_ preferences: RunPreferences) -> [String: Double] {
            guard !preferences.pairs.isEmpty else { return [:] }
            var counts: [String: Int] = [:]
            for preference in preferences.pairs.values {
                counts["chosen_id=\(preference.chosen)", default: 0] += 1
                if preference.chosenLonger { counts["chosen_longer", default: 0] += 1 }
            }
            if counts["chosen_longer"] == nil { counts["chosen_longer"] = 0 }
            return counts.mapValues { Double($0) / Double(preferences.pairs.count) }
        }
        let early = shares(before)
        let late = shares(after)
        self.shares = Set(early.keys).union(late.keys).sorted().map { Share(label: $0, before: early[$0] ?? 0, after: late[$0] ?? 0) }
    }

    /// Compares the runs in two output folders.
    public init(before: String, after: String) throws(EvaluationError) {
        self.init(
            before: try RunPreferences(directory: before), after: try RunPreferences(directory: after),
            statusBefore: try RunOutput(directory: before).status, statusAfter: try RunOutput(directory: after).status)
    }

    /// The whole diff as one JSON object (`flips`, `status_changes`, `shares`, `pairs`).
    public var json: JSONValue {
        .object([
            (
                "flips",
                .array(
                    flips.map {
                        .object([
                            ("after", .string($0.after)), ("before", .string($0.before)), ("item_id", .string($0.pair.item)),
                            ("responses", .array([.string($0.pair.first), .string($0.pair.second)])),
                        ])
                    })
            ),
            (
                "pairs",
                .object([
                    ("in_both", .number(Double(pairsInBoth))), ("only_after", .number(Double(pairsOnlyAfter))),
                    ("only_before", .number(Double(pairsOnlyBefore))),
                ])
            ),
            (
                "shares",
                .array(
                    shares.map {
                        .object([("after", .number($0.after)), ("before", .number($0.before)), ("label", .string($0.label))])
                    })
            ),
            (
                "status_changes",
                .array(
                    statusChanges.map {
                        .object([
                            ("after", $0.after.map(JSONValue.string) ?? .null), ("annotator_id", .string($0.annotator)),
                            ("before", $0.before.map(JSONValue.string) ?? .null),
                        ])
                    })
            ),
        ])
    }
}
