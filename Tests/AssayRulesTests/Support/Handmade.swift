import AssayPluginAPI
import Testing

/// Small hand-written snapshots: one row per rating, pairwise or score.
struct Handmade {
    struct Rating {
        var annotator: Int
        var item: Int
        var choice: Int8 = -1
        var score: Double? = nil
        var gold: Int8 = -1
        var time: Int64 = 0
        var duration: Int64 = -1
        /// Shown in the order (second, first) instead of the canonical one.
        var swapped = false
    }

    var annotators: Int
    /// Texts of the two responses of each item (score items use the first only).
    var items: [(prompt: String, first: String, second: String)]
    var ratings: [Rating] = []

    func build() -> SnapshotView {
        let n = ratings.count
        var first = [Int64](repeating: .max, count: annotators)
        for rating in ratings { first[rating.annotator] = min(first[rating.annotator], rating.time) }
        return SnapshotView(
            annotators: AnnotatorTable(ids: StringColumn((0..<annotators).map { "ann-\($0)" }), firstSeenMs: first.map { $0 == .max ? 0 : $0 }),
            items: ItemTable(
                ids: StringColumn(items.indices.map { "item-\($0)" }), prompts: StringColumn(items.map(\.prompt)),
                responseOffsets: (0...items.count).map { Int32($0 * 2) }, responseIDs: StringColumn(items.flatMap { _ in ["a", "b"] }),
                responseTexts: StringColumn(items.flatMap { [$0.first, $0.second] })),
            ratings: RatingTable(
                ids: StringColumn(ratings.indices.map { "r-\($0)" }), annotator: ratings.map { Int32($0.annotator) },
                item: ratings.map { Int32($0.item) },
                kind: ratings.map { $0.score == nil ? RatingKind.pairwise.rawValue : RatingKind.score.rawValue },
                submittedAtMs: ratings.map(\.time), durationMs: ratings.map(\.duration), batch: [Int32](repeating: -1, count: n),
                batchNames: StringColumn(), shownOrder: Ragged(rows: ratings.map { $0.swapped ? [1, 0] : [] }),
                choice: ratings.map { $0.score == nil ? $0.choice : -1 },
                strength: [Float](repeating: .nan, count: n), ranking: Ragged(emptyRows: n),
                scores: Ragged(rows: ratings.map { $0.score.map { [ScoreEntry(response: 0, value: $0)] } ?? [] }),
                scaleMin: ratings.map { $0.score == nil ? .nan : 1 }, scaleMax: ratings.map { $0.score == nil ? .nan : 7 },
                attribute: ratings.map { $0.score == nil ? -1 : 0 }, attributeNames: StringColumn(["overall"]), goldChoice: ratings.map(\.gold),
                goldRanking: Ragged(emptyRows: n), goldScores: Ragged(emptyRows: n)))
    }

    /// Runs a rule with its defaults on this snapshot, without consensus.
    func run(_ rule: some AssayRule, _ overrides: [String: ParameterValue] = [:]) throws -> [Finding] {
        var values = RuleParameters(defaultsOf: rule.parameters).values
        for (key, value) in overrides { values[key] = value }
        let snapshot = build()
        #expect(snapshot.validate() == nil)
        return try rule.evaluate(RuleInput(snapshot: snapshot, consensus: ConsensusView(), parameters: RuleParameters(values)))
    }
}
