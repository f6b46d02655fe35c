import AssayConsensus
import AssayPluginAPI

/// Generates pairwise snapshots with planted misbehaviour, for rule and loader tests.
struct SyntheticSnapshot {
    var annotators = 40
    var items = 400
    var ratingsPerAnnotator = 60
    /// Annotators who answer in about 0.8 s instead of about 12 s.
    var speeders: Set<Int> = []
    /// Annotators who always pick the response shown first.
    var leftClickers: Set<Int> = []
    /// Annotators who answer gold items at random.
    var goldGuessers: Set<Int> = []
    /// Every `goldEvery`-th item carries a gold answer.
    var goldEvery = 4
    var seed: UInt64 = 42

    func make() -> SnapshotView {
        var rng = SplitMix64(seed: seed)
        let n = annotators * ratingsPerAnnotator
        var ids: [String] = []
        var annotator: [Int32] = []
        var item: [Int32] = []
        var submitted: [Int64] = []
        var duration: [Int64] = []
        var shown: [[Int32]] = []
        var choice: [Int8] = []
        var strength: [Float] = []
        var gold: [Int8] = []
        ids.reserveCapacity(n)
        for a in 0..<annotators {
            for k in 0..<ratingsPerAnnotator {
                let i = Int(rng.next() % UInt64(items))
                ids.append("r-\(a)-\(k)")
                annotator.append(Int32(a))
                item.append(Int32(i))
                submitted.append(1_700_000_000_000 + Int64(a * 100_000 + k * 1000))
                let base = speeders.contains(a) ? 800.0 : 12_000.0
                let jitter = 0.6 + Double(rng.next() % 1000) / 1000 * 0.8
                duration.append(k % 7 == 3 ? -1 : Int64(base * jitter))
                let flipped = rng.next() % 2 == 0
                shown.append(flipped ? [1, 0] : [])
                let truth: Int8 = i % 3 == 0 ? 1 : 0  // the better response of item i
                let answer: Int8
                if leftClickers.contains(a) {
                    answer = flipped ? 1 : 0
                } else if goldGuessers.contains(a) {
                    answer = Int8(rng.next() % 2)
                } else {
                    answer = rng.next() % 20 == 0 ? 1 - truth : truth
                }
                choice.append(answer)
                strength.append(k % 2 == 0 ? .nan : 0.5)
                gold.append(i % goldEvery == 0 ? truth : -1)
            }
        }
        return Self.pairwise(
            annotatorCount: annotators, itemCount: items, ids: ids, annotator: annotator, item: item, submitted: submitted,
            duration: duration, shown: Ragged(rows: shown), choice: choice, strength: strength, gold: gold
        )
    }

    /// A pairwise snapshot from its rating columns (items "i-N" with responses "a" and "b").
    static func pairwise(
        annotatorCount: Int, itemCount: Int, ids: [String], annotator: [Int32], item: [Int32], submitted: [Int64], duration: [Int64],
        shown: Ragged<Int32>, choice: [Int8], strength: [Float], gold: [Int8]
    ) -> SnapshotView {
        let n = ids.count
        let annotators = AnnotatorTable(
            ids: StringColumn((0..<annotatorCount).lazy.map { "ann-\($0)" }),
            firstSeenMs: [Int64](repeating: 1_700_000_000_000, count: annotatorCount)
        )
        let items = ItemTable(
            ids: StringColumn((0..<itemCount).lazy.map { "i-\($0)" }),
            prompts: StringColumn((0..<itemCount).lazy.map { "Question number \($0): which answer is better?" }),
            responseOffsets: (0...itemCount).map { Int32($0 * 2) },
            responseIDs: StringColumn((0..<itemCount * 2).lazy.map { $0 % 2 == 0 ? "a" : "b" }),
            responseTexts: StringColumn((0..<itemCount * 2).lazy.map { "Answer \($0 % 2) to question \($0 / 2)." })
        )
        let ratings = RatingTable(
            ids: StringColumn(ids), annotator: annotator, item: item, kind: [UInt8](repeating: 0, count: n), submittedAtMs: submitted,
            durationMs: duration, batch: [Int32](repeating: 0, count: n), batchNames: StringColumn(["batch-1"]), shownOrder: shown,
            choice: choice, strength: strength, ranking: Ragged(emptyRows: n), scores: Ragged(emptyRows: n),
            scaleMin: [Double](repeating: .nan, count: n), scaleMax: [Double](repeating: .nan, count: n),
            attribute: [Int32](repeating: -1, count: n), attributeNames: StringColumn(), goldChoice: gold,
            goldRanking: Ragged(emptyRows: n), goldScores: Ragged(emptyRows: n)
        )
        return SnapshotView(annotators: annotators, items: items, ratings: ratings)
    }
}
