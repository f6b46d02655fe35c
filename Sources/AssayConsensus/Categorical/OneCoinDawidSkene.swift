/// One-coin Dawid–Skene: one accuracy per annotator instead of a full confusion matrix.
///
/// The "one-coin" simplification of Dawid & Skene (1979) used by crowd-kit's `OneCoinDawidSkene`
/// (see also Zheng et al., VLDB 2017, §4). Annotator `a` is right with probability `p_a` and
/// otherwise picks one of the other `K − 1` classes uniformly:
///
///     θ_a[k, y] = p_a            if y = k
///               = (1 − p_a)/(K − 1) otherwise
///     p_a = (α + Σ_{(a,i,y)} P(z_i = y)) / (2α + n_a)                         (M-step)
///
/// E-step, initialisation, gold clamping, stopping and tie rules are those of `DawidSkene`.
/// It has `K² − 1` fewer parameters per annotator, which helps when annotators label few items
/// but hurts when errors are systematic (e.g. one class confused with one other).
///
/// **How to check.** Accuracy with the defaults: Duck 0.5833, Dog 0.8302, RTE 0.9213, TEMP 0.9394,
/// WSD 0.9944 (crowd-kit 1.4.2: .5833/.8302/.9250/.9394/.9944; the Beta(α, α) prior on `p_a`
/// costs 3 items on RTE, whose 164 workers label 49 items each on average).
public enum OneCoinDawidSkene {
    /// Runs one-coin EM with `DawidSkene.Options`.
    public static func fit(_ data: CategoricalLabels, options: DawidSkene.Options = .init()) throws(ConsensusError) -> DawidSkene.Fit {
        try categoricalEM(data, options: options, model: .oneCoin)
    }
}
