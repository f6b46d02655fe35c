import Foundation

/// Seeded synthetic crowd data for benchmarks and tests (no I/O).
public enum SyntheticCrowd {
    /// Categorical labels with a known truth.
    ///
    /// True classes are uniform; each annotator has an accuracy drawn uniformly from
    /// `[0.55, 0.95]` (one in ten annotators is a spammer answering uniformly at random) and
    /// spreads errors uniformly; each item is labelled by `labelsPerItem` distinct annotators
    /// drawn uniformly. Rows are emitted item by item.
    public static func categorical(
        items: Int, labelsPerItem: Int, annotators: Int, classes: Int, seed: UInt64
    ) throws(ConsensusError) -> (data: CategoricalLabels, truth: [Int32]) {
        guard labelsPerItem <= annotators, classes >= 2 else {
            throw .invalidParameter(name: "labelsPerItem", reason: "needs labelsPerItem ≤ annotators and at least 2 classes")
        }
        var rng = SplitMix64(seed: seed)
        let accuracy = (0..<annotators).map { _ -> Double in
            rng.nextInt(10) == 0 ? 1 / Double(classes) : 0.55 + 0.4 * rng.nextUnit()
        }
        let truth = (0..<items).map { _ in Int32(rng.nextInt(classes)) }
        let n = items * labelsPerItem
        var ann = [Int32](repeating: 0, count: n)
        var itm = [Int32](repeating: 0, count: n)
        var lab = [Int32](repeating: 0, count: n)
        var chosen = [Int32](repeating: 0, count: labelsPerItem)
        var r = 0
        for i in 0..<items {
            var m = 0
            while m < labelsPerItem {
                let a = Int32(rng.nextInt(annotators))
                if chosen[0..<m].contains(a) { continue }
                chosen[m] = a
                m += 1
            }
            for j in 0..<labelsPerItem {
                let a = Int(chosen[j])
                var y = truth[i]
                if rng.nextUnit() >= accuracy[a] {
                    // Uniform over the other classes.
                    let o = Int32(rng.nextInt(classes - 1))
                    y = o >= truth[i] ? o + 1 : o
                }
                ann[r] = Int32(a)
                itm[r] = Int32(i)
                lab[r] = y
                r += 1
            }
        }
        let data = try CategoricalLabels(
            annotators: ann, items: itm, labels: lab, annotatorCount: annotators, itemCount: items, classCount: classes)
        return (data, truth)
    }

    /// Pairwise comparisons with known log-strengths.
    ///
    /// Log-strengths are standard normal; each comparison picks two distinct items and an
    /// annotator uniformly; the outcome is a tie with probability `tieRate`, otherwise drawn from
    /// Bradley–Terry, and reversed when the annotator is one of the first
    /// `adversarialFraction · annotators` (the "reversed" annotators).
    public static func pairwise(
        items: Int, comparisons: Int, annotators: Int, tieRate: Double = 0.1, adversarialFraction: Double = 0, seed: UInt64
    ) throws(ConsensusError) -> (data: PairwiseComparisons, logStrength: [Double]) {
        guard items >= 2, annotators >= 1 else { throw .invalidParameter(name: "items", reason: "need at least 2 items and 1 annotator") }
        var rng = SplitMix64(seed: seed)
        let theta = (0..<items).map { _ in rng.nextGaussian() }
        let adversaries = Int((adversarialFraction * Double(annotators)).rounded())
        var ann = [Int32](repeating: 0, count: comparisons)
        var f = [Int32](repeating: 0, count: comparisons)
        var s = [Int32](repeating: 0, count: comparisons)
        var o = [PairwiseOutcome](repeating: .tie, count: comparisons)
        for r in 0..<comparisons {
            let i = rng.nextInt(items)
            var j = rng.nextInt(items - 1)
            if j >= i { j += 1 }
            let a = rng.nextInt(annotators)
            ann[r] = Int32(a)
            f[r] = Int32(i)
            s[r] = Int32(j)
            if rng.nextUnit() < tieRate {
                o[r] = .tie
            } else {
                let pFirst = 1 / (1 + _exp(theta[j] - theta[i]))
                var out: PairwiseOutcome = rng.nextUnit() < pFirst ? .firstBetter : .secondBetter
                if a < adversaries { out = out.swapped }
                o[r] = out
            }
        }
        let data = try PairwiseComparisons(
            annotators: ann, firsts: f, seconds: s, outcomes: o, itemCount: items, annotatorCount: annotators)
        return (data, theta)
    }
}

@inline(__always) private func _exp(_ x: Double) -> Double { Foundation.exp(x) }
