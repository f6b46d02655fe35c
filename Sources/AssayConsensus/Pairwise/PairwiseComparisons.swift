/// The outcome of one pairwise comparison, in the orientation the row gives.
public enum PairwiseOutcome: UInt8, Sendable, Equatable, CaseIterable {
    /// The first (left) response is better.
    case firstBetter = 0
    /// The second (right) response is better.
    case secondBetter = 1
    /// Neither is better.
    case tie = 2

    /// The same judgement with the two sides swapped.
    public var swapped: PairwiseOutcome {
        switch self {
        case .firstBetter: return .secondBetter
        case .secondBetter: return .firstBetter
        case .tie: return .tie
        }
    }
}

/// Pairwise comparisons in columnar form: row `r` says annotator `annotators[r]` compared
/// `firsts[r]` (shown first/left) with `seconds[r]` and judged `outcomes[r]`.
public struct PairwiseComparisons: Sendable, Equatable {
    /// Annotator per row (`0` for every row when annotators are unknown).
    public let annotators: [Int32]
    /// The first (left) item per row.
    public let firsts: [Int32]
    /// The second (right) item per row.
    public let seconds: [Int32]
    /// The judgement per row.
    public let outcomes: [PairwiseOutcome]
    /// Number of items (responses, models) being compared.
    public let itemCount: Int
    /// Number of annotators.
    public let annotatorCount: Int

    /// Validates and wraps parallel columns. Rows comparing an item with itself are rejected.
    public init(
        annotators: [Int32]? = nil, firsts: [Int32], seconds: [Int32], outcomes: [PairwiseOutcome],
        itemCount: Int, annotatorCount: Int = 1
    ) throws(ConsensusError) {
        let ann = annotators ?? [Int32](repeating: 0, count: firsts.count)
        try checkLength(ann.count, firsts.count, name: "annotators")
        try checkLength(seconds.count, firsts.count, name: "seconds")
        try checkLength(outcomes.count, firsts.count, name: "outcomes")
        try checkIndices(ann, name: "annotators", count: annotatorCount)
        try checkIndices(firsts, name: "firsts", count: itemCount)
        try checkIndices(seconds, name: "seconds", count: itemCount)
        for r in firsts.indices where firsts[r] == seconds[r] {
            throw .invalidParameter(name: "seconds[\(r)]", reason: "item \(firsts[r]) is compared with itself")
        }
        self.annotators = ann
        self.firsts = firsts
        self.seconds = seconds
        self.outcomes = outcomes
        self.itemCount = itemCount
        self.annotatorCount = annotatorCount
    }

    /// Number of comparisons.
    public var count: Int { firsts.count }

    /// Maps each comparison to a 3-class label of its unordered pair in canonical orientation
    /// (smaller item index first): class 0 = first better, 1 = second better, 2 = tie.
    ///
    /// A row shown as (7, 3) "first better" becomes pair (3, 7), class 1. The pairs are the
    /// items of the returned `CategoricalLabels`, numbered in increasing `(first, second)` order,
    /// so any categorical method (`DawidSkene` with 3 classes) models ties instead of dropping them.
    public func canonicalLabels() -> (labels: CategoricalLabels, pairs: [(first: Int32, second: Int32)]) {
        let keys = (0..<count).map { r -> UInt64 in
            let (a, b) = firsts[r] < seconds[r] ? (firsts[r], seconds[r]) : (seconds[r], firsts[r])
            return UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
        }
        var unique = keys.sorted()
        var w = 0
        for x in unique where w == 0 || unique[w - 1] != x {
            unique[w] = x
            w += 1
        }
        unique.removeLast(unique.count - w)
        let item = keys.map { key -> Int32 in
            var lo = 0
            var hi = unique.count - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if unique[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            return Int32(lo)
        }
        let classes = (0..<count).map { r -> Int32 in
            let o = firsts[r] < seconds[r] ? outcomes[r] : outcomes[r].swapped
            return Int32(o.rawValue)
        }
        // Indices are in range by construction.
        let labels = try! CategoricalLabels(
            annotators: annotators, items: item, labels: classes,
            annotatorCount: annotatorCount, itemCount: unique.count, classCount: 3)
        return (labels, unique.map { (Int32($0 >> 32), Int32($0 & 0xFFFF_FFFF)) })
    }
}

/// Comparisons aggregated per unordered pair `i < j` (the sparse edge list of the comparison graph).
struct PairEdges {
    var lo: [Int32] = []
    var hi: [Int32] = []
    /// Weighted wins of `lo` over `hi`.
    var loWins: [Double] = []
    /// Weighted wins of `hi` over `lo`.
    var hiWins: [Double] = []
    /// Weighted ties.
    var ties: [Double] = []

    /// Aggregates rows (optionally weighted per row), in increasing `(lo, hi)` order.
    init(_ c: PairwiseComparisons, rowWeights: [Double]? = nil) {
        let keys = (0..<c.count).map { r -> UInt64 in
            let (a, b) = c.firsts[r] < c.seconds[r] ? (c.firsts[r], c.seconds[r]) : (c.seconds[r], c.firsts[r])
            return UInt64(UInt32(a)) << 32 | UInt64(UInt32(b))
        }
        let order = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        var last: UInt64 = .max
        for r in order {
            if keys[r] != last {
                last = keys[r]
                lo.append(Int32(keys[r] >> 32))
                hi.append(Int32(keys[r] & 0xFFFF_FFFF))
                loWins.append(0)
                hiWins.append(0)
                ties.append(0)
            }
            let e = lo.count - 1
            let w = rowWeights?[r] ?? 1
            let o = c.firsts[r] < c.seconds[r] ? c.outcomes[r] : c.outcomes[r].swapped
            switch o {
            case .firstBetter: loWins[e] += w
            case .secondBetter: hiWins[e] += w
            case .tie: ties[e] += w
            }
        }
    }

    var count: Int { lo.count }
}
