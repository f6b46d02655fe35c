#if canImport(Glibc)
    import Glibc
#else
    import Foundation
#endif

/// How often an honest annotator answers `tie` on a pairwise item, by the item's quality gap Δ.
///
/// Without a target rate: probability 0.3 when Δ < 0.05, else 0 (the plain simulator). With a target rate T:
/// p(Δ) = min(0.95, a·exp(−Δ / 0.25)), more ties on close items and fewer on clear ones, with `a` solved so that the
/// mean over the simulator's gap distribution (the gap of two uniform qualities, density 2(1 − Δ)) is T.
struct TieModel: Sendable {
    private let scale: Double?

    init(rate: Double?) {
        guard let rate else {
            scale = nil
            return
        }
        var low = 0.0
        var high = 200.0
        for _ in 0..<80 {
            let middle = (low + high) / 2
            if Self.mean(scale: middle) < rate { low = middle } else { high = middle }
        }
        scale = (low + high) / 2
    }

    /// Decay of the tie probability with the gap.
    private static let decay = 0.25
    /// The highest tie probability, even on an item of two equal responses.
    private static let cap = 0.95

    private static func probability(_ gap: Double, scale: Double) -> Double { min(cap, scale * exp(-gap / decay)) }

    /// Mean tie probability over gaps with density 2(1 − Δ) (midpoint rule, 2,000 steps).
    private static func mean(scale: Double) -> Double {
        let steps = 2_000
        var total = 0.0
        for step in 0..<steps {
            let gap = (Double(step) + 0.5) / Double(steps)
            total += probability(gap, scale: scale) * 2 * (1 - gap)
        }
        return total / Double(steps)
    }

    /// The highest overall rate the model can reach.
    static let maximumRate = cap

    /// Whether an honest annotator answers `tie` on an item with quality gap `gap`; draws from `rng` exactly as the
    /// plain simulator did when no rate is set (one draw, and only below a gap of 0.05).
    func tie(gap: Double, rng: inout SeededGenerator) -> Bool {
        guard let scale else { return gap < 0.05 && rng.unit() < 0.3 }
        return rng.unit() < Self.probability(gap, scale: scale)
    }

    /// One honest pairwise judgment: nil for a tie, true when the annotator of `skill` prefers the better response.
    func judge(skill: Double, gap: Double, rng: inout SeededGenerator) -> Bool? {
        if tie(gap: gap, rng: &rng) { return nil }
        return rng.unit() < 0.5 + (skill - 0.5) * min(1, 4 * gap)
    }
}
