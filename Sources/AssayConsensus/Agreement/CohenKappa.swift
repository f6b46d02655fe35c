/// Cohen's kappa for two raters.
///
/// After J. Cohen, "A Coefficient of Agreement for Nominal Scales", *Educational and
/// Psychological Measurement* 20(1), 1960. Matches `sklearn.metrics.cohen_kappa_score`.
///
///     p_o = #{i : a_i = b_i} / N
///     p_e = Σ_k (#{a_i = k}/N) · (#{b_i = k}/N)
///     κ   = (p_o − p_e) / (1 − p_e)
///
/// **How to check.** The 2×2 table [[20, 5], [10, 15]] (rows: first rater, columns: second)
/// gives p_o = 0.7, p_e = 0.5, κ = 0.4.
public enum CohenKappa {
    /// Kappa of two parallel label columns over the same items; `nil` when `p_e = 1` or empty.
    public static func compute(_ first: [Int32], _ second: [Int32], classCount: Int) throws(ConsensusError) -> Double? {
        try checkLength(second.count, first.count, name: "second")
        try checkIndices(first, name: "first", count: classCount)
        try checkIndices(second, name: "second", count: classCount)
        guard !first.isEmpty else { return nil }
        var ca = [Double](repeating: 0, count: classCount)
        var cb = [Double](repeating: 0, count: classCount)
        var agree = 0.0
        for r in first.indices {
            ca[Int(first[r])] += 1
            cb[Int(second[r])] += 1
            if first[r] == second[r] { agree += 1 }
        }
        let n = Double(first.count)
        var pe = 0.0
        for k in 0..<classCount { pe += ca[k] / n * cb[k] / n }
        guard pe < 1 else { return nil }
        return (agree / n - pe) / (1 - pe)
    }
}
