/// Fleiss' kappa for many raters assigning items to categories.
///
/// After J. L. Fleiss, "Measuring nominal scale agreement among many raters", *Psychological
/// Bulletin* 76(5), 1971. Matches `statsmodels.stats.inter_rater.fleiss_kappa` (method
/// "fleiss") when every item has the same number of ratings.
///
/// **Model.** With `n_ij` ratings of item `i` in category `j` and `n_i = Σ_j n_ij`:
///
///     P_i = (Σ_j n_ij² − n_i) / (n_i (n_i − 1))        (agreement on item i)
///     p_j = Σ_i n_ij / Σ_i n_i                          (category shares)
///     κ   = (mean_i P_i − Σ_j p_j²) / (1 − Σ_j p_j²)
///
/// Items with fewer than two ratings are ignored. When items have different numbers of
/// ratings this is the natural generalisation (each item's `P_i` uses its own `n_i`); it is
/// identical to Fleiss' formula when all `n_i` are equal.
///
/// **How to check.** Fleiss' (1971) 10 subjects × 5 categories × 14 raters give 0.2099307044;
/// Snow et al. RTE 0.241384, TEMP 0.223245, WSD 0.937165 (statsmodels 0.15).
public enum FleissKappa {
    /// Kappa from a flat `itemCount × classCount` count table; `nil` when undefined.
    public static func compute(counts: [Double], itemCount: Int, classCount: Int) throws(ConsensusError) -> Double? {
        try checkLength(counts.count, itemCount * classCount, name: "counts")
        var share = [Double](repeating: 0, count: classCount)
        var total = 0.0
        var sumP = 0.0
        var used = 0
        for i in 0..<itemCount {
            var ni = 0.0
            var sq = 0.0
            for j in 0..<classCount {
                let x = counts[i * classCount + j]
                ni += x
                sq += x * x
            }
            if ni < 2 { continue }
            for j in 0..<classCount { share[j] += counts[i * classCount + j] }
            total += ni
            sumP += (sq - ni) / (ni * (ni - 1))
            used += 1
        }
        guard used > 0, total > 0 else { return nil }
        let pBar = sumP / Double(used)
        var pe = 0.0
        for j in 0..<classCount { pe += (share[j] / total) * (share[j] / total) }
        guard pe < 1 else { return nil }
        return (pBar - pe) / (1 - pe)
    }

    /// Kappa of categorical labels (each row one rating).
    public static func compute(_ data: CategoricalLabels) throws(ConsensusError) -> Double? {
        try compute(counts: data.voteCounts(), itemCount: data.itemCount, classCount: data.classCount)
    }
}
