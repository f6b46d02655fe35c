/// Plackett–Luce scores for full or partial rankings, fitted by Hunter's MM algorithm.
///
/// After R. L. Plackett, "The Analysis of Permutations", *Applied Statistics* 24, 1975, and
/// R. D. Luce, *Individual Choice Behavior*, 1959; fitted as in D. R. Hunter, "MM algorithms
/// for generalized Bradley–Terry models", *Annals of Statistics* 32(1), 2004, §5.
///
/// **Model.** A ranking `j(1) ≻ j(2) ≻ … ≻ j(m)` is built by choosing the best of the
/// remaining items stage by stage, each with probability proportional to its strength `γ`:
///
///     P(ranking) = Π_{r=1}^{m−1} γ_{j(r)} / Σ_{s=r}^{m} γ_{j(s)}
///
/// and each MM step is
///
///     γ_i ← w_i / Σ_j Σ_{r < m_j, i ∈ {j(r), …, j(m_j)}} 1 / Σ_{s=r}^{m_j} γ_{j(s)}
///
/// with `w_i` the number of stages item `i` wins. Per ranking the inner sums are suffix sums,
/// so a sweep is `O(total ranked entries)`. Strengths are rescaled to mean 1 after every step
/// and returned normalised to sum 1. Ties inside a ranking are not part of the model: expand
/// such rankings to pairs with `Rankings.expandToPairs` instead. With rankings of length 2
/// this is exactly Bradley–Terry.
///
/// **How to check.** On the tie-free rows of evalica's `food.csv`, each row read as a ranking
/// of two, the scores equal `BradleyTerry` at 1e-9 (`PlackettLuceTests`).
public enum PlackettLuce {
    /// Fitted strengths.
    public struct Fit: Sendable, Equatable {
        /// Strengths normalised to sum 1.
        public var scores: [Double]
        /// MM sweeps run.
        public var iterations: Int
        /// Whether the tolerance was reached.
        public var converged: Bool
    }

    /// Fits strengths to rankings stored back to back.
    /// - Parameters:
    ///   - offsets: start of each ranking in `items`, plus a final `items.count` (CSR layout).
    ///   - items: ranked items, best first within each ranking; an item appears at most once per ranking.
    ///   - itemCount: number of items.
    public static func fit(
        offsets: [Int], items: [Int32], itemCount: Int, maxIterations: Int = 100_000, tolerance: Double = 1e-12
    ) throws(ConsensusError) -> Fit {
        try checkIndices(items, name: "items", count: itemCount)
        guard let last = offsets.last, offsets.first == 0, last == items.count else {
            throw .invalidParameter(name: "offsets", reason: "must start at 0 and end at items.count (\(items.count))")
        }
        for j in 1..<offsets.count where offsets[j] < offsets[j - 1] {
            throw .invalidParameter(name: "offsets[\(j)]", reason: "offsets must not decrease")
        }
        var wins = [Double](repeating: 0, count: itemCount)
        for j in 0..<(offsets.count - 1) where offsets[j + 1] - offsets[j] >= 2 {
            for q in offsets[j]..<(offsets[j + 1] - 1) { wins[Int(items[q])] += 1 }
        }
        var gamma = [Double](repeating: 1, count: itemCount)
        var denom = [Double](repeating: 0, count: itemCount)
        var suffix: [Double] = []
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            for i in 0..<itemCount { denom[i] = 0 }
            for j in 0..<(offsets.count - 1) {
                let s = offsets[j]
                let e = offsets[j + 1]
                let m = e - s
                if m < 2 { continue }
                suffix.removeAll(keepingCapacity: true)
                var acc = 0.0
                for q in stride(from: e - 1, through: s, by: -1) {
                    acc += gamma[Int(items[q])]
                    suffix.append(acc)
                }
                // suffix[m − 1 − r] = Σ_{s ≥ r} γ (0-based stage r). Item at position q gets Σ_{r ≤ min(q, m−2)} 1/S_r.
                var prefix = 0.0
                for q in 0..<m {
                    if q <= m - 2 { prefix += 1 / suffix[m - 1 - q] }
                    denom[Int(items[s + q])] += prefix
                }
            }
            var next = gamma
            for i in 0..<itemCount where denom[i] > 0 { next[i] = wins[i] / denom[i] }
            rescale(&next)
            var change = 0.0
            for i in 0..<itemCount where gamma[i] > 0 {
                change = Swift.max(change, Swift.abs(next[i] - gamma[i]) / gamma[i])
            }
            gamma = next
            if change <= tolerance {
                return Fit(scores: normalizedToSum1(gamma), iterations: iterations, converged: true)
            }
        }
        return Fit(scores: normalizedToSum1(gamma), iterations: iterations, converged: false)
    }
}
