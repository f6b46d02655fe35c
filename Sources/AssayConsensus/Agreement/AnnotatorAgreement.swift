/// Per-annotator agreement with the leave-one-out consensus, and the sparse
/// annotator × annotator agreement table.
///
/// **Leave-one-out agreement.** For a label `y` by annotator `a` on item `i`, the consensus
/// of the *other* labels on `i` is their (weighted) majority with ties to the lowest class, as
/// in `MajorityVote`. An annotator's score is the share of its labels (on items with at least
/// one other label) that equal that consensus; labelling with the crowd scores high without the
/// annotator's own vote inflating it (cf. the "peer agreement" of Dekel & Shamir, COLT 2009).
/// `softAgreement` is the chance that a random other label on the item equals `y`.
///
/// **Pair table.** For every pair of annotators `a < b` that labelled at least one common item:
///
///     coRated   = #items labelled by both
///     observed  = #items where their labels agree / coRated
///     expected  = Σ_k p_a(k) · p_b(k)      (chance agreement from each one's overall label shares,
///                                            as in Cohen's kappa)
///     kappa     = (observed − expected) / (1 − expected)
///
/// Built by iterating items: each item with `m` labels emits `m(m−1)/2` pair keys, which are
/// sorted and run-length encoded — memory is `O(Σ_i m_i²)`, never `annotators²`, and the
/// order of the table (by `a`, then `b`) does not depend on hashing. If an annotator labels
/// one item several times, only its first label on that item counts for the table.
///
/// **How to check.** Two annotators that always agree have `observed = 1`; on binary labels
/// with shares 50/50 each, `expected = 0.5` and `kappa = 1`. See `AgreementTests`.
public enum AnnotatorAgreement {
    /// Leave-one-out agreement per annotator.
    public struct LeaveOneOut: Sendable, Equatable {
        /// Share of the annotator's labels that equal the majority of the other labels on the item
        /// (`nil` when it has no label on an item with other labels).
        public var majorityAgreement: [Double?]
        /// Mean share of other labels on the same item that equal the annotator's label.
        public var softAgreement: [Double?]
        /// Number of the annotator's labels that had at least one other label on their item.
        public var comparable: [Int]
    }

    /// One row of the sparse pair table.
    public struct Pair: Sendable, Equatable {
        /// The annotator with the smaller index.
        public var first: Int32
        /// The annotator with the larger index.
        public var second: Int32
        /// Items labelled by both.
        public var coRated: Int
        /// Share of co-rated items with equal labels.
        public var observed: Double
        /// Agreement expected by chance from the two annotators' label shares.
        public var expected: Double
        /// Cohen-style kappa `(observed − expected)/(1 − expected)`; `nil` when `expected = 1`.
        public var kappa: Double? { expected < 1 ? (observed - expected) / (1 - expected) : nil }
    }

    /// Computes leave-one-out agreement; `weights` (per annotator) weight the other labels.
    public static func leaveOneOut(_ data: CategoricalLabels, weights: [Double]? = nil) throws(ConsensusError) -> LeaveOneOut {
        if let w = weights { try checkLength(w.count, data.annotatorCount, name: "weights") }
        let k = data.classCount
        let counts = data.voteCounts(weights: weights)
        let plain = weights == nil ? counts : data.voteCounts()
        var hit = [Double](repeating: 0, count: data.annotatorCount)
        var soft = [Double](repeating: 0, count: data.annotatorCount)
        var n = [Int](repeating: 0, count: data.annotatorCount)
        for r in 0..<data.count {
            let a = Int(data.annotators[r])
            let i = Int(data.items[r])
            let y = Int(data.labels[r])
            let own = weights?[a] ?? 1
            var othersPlain = 0.0
            for c in 0..<k { othersPlain += plain[i * k + c] }
            othersPlain -= 1
            if othersPlain <= 0 { continue }
            n[a] += 1
            soft[a] += (plain[i * k + y] - 1) / othersPlain
            var best = -1
            var bv = -Double.infinity
            var any = false
            for c in 0..<k {
                let v = counts[i * k + c] - (c == y ? own : 0)
                if v > 0 { any = true }
                if v > bv {
                    bv = v
                    best = c
                }
            }
            if any && best == y { hit[a] += 1 }
        }
        return LeaveOneOut(
            majorityAgreement: (0..<data.annotatorCount).map { n[$0] > 0 ? hit[$0] / Double(n[$0]) : nil },
            softAgreement: (0..<data.annotatorCount).map { n[$0] > 0 ? soft[$0] / Double(n[$0]) : nil },
            comparable: n)
    }

    /// Builds the sparse annotator × annotator agreement table, ordered by `(first, second)`.
    public static func pairTable(_ data: CategoricalLabels) -> [Pair] {
        let k = data.classCount
        // Group rows by item, keeping input order inside an item.
        var start = [Int](repeating: 0, count: data.itemCount + 1)
        for i in data.items { start[Int(i) + 1] += 1 }
        for i in 0..<data.itemCount { start[i + 1] += start[i] }
        var fill = start
        var rows = [Int32](repeating: 0, count: data.count)
        for r in 0..<data.count {
            let i = Int(data.items[r])
            rows[fill[i]] = Int32(r)
            fill[i] += 1
        }
        // Label shares per annotator.
        var shares = [Double](repeating: 0, count: data.annotatorCount * k)
        var totals = [Double](repeating: 0, count: data.annotatorCount)
        for r in 0..<data.count {
            shares[Int(data.annotators[r]) * k + Int(data.labels[r])] += 1
            totals[Int(data.annotators[r])] += 1
        }
        // Pair keys: first (31 bits) << 32 | second (31 bits) << 1 | agree.
        var keys: [UInt64] = []
        var seen: [Int32] = []
        var seenLabel: [Int32] = []
        for i in 0..<data.itemCount {
            seen.removeAll(keepingCapacity: true)
            seenLabel.removeAll(keepingCapacity: true)
            for p in start[i]..<start[i + 1] {
                let r = Int(rows[p])
                let a = data.annotators[r]
                if seen.contains(a) { continue }
                for (q, b) in seen.enumerated() {
                    let (lo, hi) = a < b ? (a, b) : (b, a)
                    let agree: UInt64 = seenLabel[q] == data.labels[r] ? 1 : 0
                    keys.append(UInt64(lo) << 32 | UInt64(hi) << 1 | agree)
                }
                seen.append(a)
                seenLabel.append(data.labels[r])
            }
        }
        keys.sort()
        var out: [Pair] = []
        var j = 0
        while j < keys.count {
            let pairKey = keys[j] >> 1
            var co = 0
            var agree = 0
            while j < keys.count, keys[j] >> 1 == pairKey {
                co += 1
                agree += Int(keys[j] & 1)
                j += 1
            }
            let a = Int(pairKey >> 31)
            let b = Int(pairKey & 0x7FFF_FFFF)
            var expected = 0.0
            for c in 0..<k { expected += shares[a * k + c] / totals[a] * shares[b * k + c] / totals[b] }
            out.append(Pair(first: Int32(a), second: Int32(b), coRated: co, observed: Double(agree) / Double(co), expected: expected))
        }
        return out
    }
}
