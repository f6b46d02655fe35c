/// Dawid–Skene anchored on control (gold) items.
///
/// The semi-supervised use of Dawid & Skene (1979) also described by Raykar et al., "Learning
/// From Crowds", JMLR 11, 2010 (§2, known labels): items whose truth is known keep a one-hot
/// posterior throughout EM, so every annotator's confusion matrix is estimated from the control
/// items exactly and from the other items in expectation:
///
///     P(z_i = k) = 1[k = g_i]                   for gold items
///     P(z_i = k) ∝ π_k Π θ_a[k, y]              otherwise
///
/// This pins down label switching (an adversarial majority can no longer relabel the classes)
/// and lets a few known answers calibrate annotators who never co-label with trusted ones.
///
/// **How to check.** With every item's truth given as gold, the output equals the gold labels
/// and each annotator's accuracy equals its empirical accuracy; see `GoldAnchoredTests`.
public enum GoldAnchoredDawidSkene {
    /// Runs Dawid–Skene with the gold items clamped.
    /// - Parameters:
    ///   - gold: known class per item, `-1` where unknown; must have `itemCount` entries.
    ///   - model: `.full` confusion matrices (default) or `.oneCoin`.
    public static func fit(
        _ data: CategoricalLabels, gold: [Int32], oneCoin: Bool = false, options: DawidSkene.Options = .init()
    ) throws(ConsensusError) -> DawidSkene.Fit {
        var o = options
        o.gold = gold
        return try categoricalEM(data, options: o, model: oneCoin ? .oneCoin : .full)
    }
}
