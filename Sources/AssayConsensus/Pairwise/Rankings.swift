/// Rankings expanded into pairwise comparisons ("full breakdown").
///
/// A ranking of `m` items by one annotator becomes its `m(m − 1)/2` implied comparisons: the
/// item ranked higher (smaller rank number) beats every item ranked lower, and items with equal
/// rank tie. Under the Bradley–Terry model this is the rank-breaking estimator of Azari Soufiani,
/// Parkes & Xia, "Computing Parametric Ranking Models via Rank-Breaking", *ICML* 2014, which is
/// consistent for Plackett–Luce strengths; it over-counts the evidence of long rankings (pairs
/// from one ranking are not independent), so per-ranking weights `1/(m − 1)` are returned for
/// callers that want each ranking to weigh like `m/2` comparisons.
public enum Rankings {
    /// Expands rankings to comparisons.
    /// - Parameters:
    ///   - annotators: annotator per ranking entry.
    ///   - rankings: ranking id per entry (entries of one ranking share it).
    ///   - items: item per entry.
    ///   - ranks: rank per entry (1 = best; equal ranks tie).
    /// - Returns: the comparisons (pairs in entry order within each ranking, rankings in id order)
    ///   and a weight `1/(m − 1)` per comparison.
    public static func expandToPairs(
        annotators: [Int32], rankings: [Int32], items: [Int32], ranks: [Int32], itemCount: Int, annotatorCount: Int
    ) throws(ConsensusError) -> (comparisons: PairwiseComparisons, weights: [Double]) {
        try checkLength(rankings.count, annotators.count, name: "rankings")
        try checkLength(items.count, annotators.count, name: "items")
        try checkLength(ranks.count, annotators.count, name: "ranks")
        let order = annotators.indices.sorted { rankings[$0] != rankings[$1] ? rankings[$0] < rankings[$1] : $0 < $1 }
        var ann: [Int32] = []
        var first: [Int32] = []
        var second: [Int32] = []
        var out: [PairwiseOutcome] = []
        var w: [Double] = []
        var s = 0
        while s < order.count {
            var e = s
            while e < order.count, rankings[order[e]] == rankings[order[s]] { e += 1 }
            let m = e - s
            if m >= 2 {
                for x in s..<e {
                    for y in (x + 1)..<e {
                        let a = order[x]
                        let b = order[y]
                        if annotators[a] != annotators[b] {
                            throw .invalidParameter(name: "annotators", reason: "ranking \(rankings[a]) mixes annotators")
                        }
                        ann.append(annotators[a])
                        first.append(items[a])
                        second.append(items[b])
                        out.append(ranks[a] < ranks[b] ? .firstBetter : ranks[a] > ranks[b] ? .secondBetter : .tie)
                        w.append(1 / Double(m - 1))
                    }
                }
            }
            s = e
        }
        let c = try PairwiseComparisons(
            annotators: ann, firsts: first, seconds: second, outcomes: out, itemCount: itemCount, annotatorCount: annotatorCount)
        return (c, w)
    }
}
