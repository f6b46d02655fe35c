import AssayPluginAPI

/// `straight-lining`: annotators who give one constant score far more often than the population's score
/// distribution allows.
///
/// Scores are compared on a common grid: each score is mapped to its position on its scale, rounded to
/// `levels` steps (a 1–7 scale with the default 7 levels keeps every value). The population's distribution
/// over levels, p_v, is counted from everyone else's scores (leave-one-out). For an annotator with n scores,
/// the most frequent level v with k scores is tested with the exact binomial upper tail P(X ≥ k | n, p_v); as v
/// is the annotator's most frequent level this is multiplied by the number of levels (Bonferroni over the
/// levels it could have been). Benjamini–Hochberg across the tested annotators controls the false discovery
/// rate at `fdr`. A finding is `flag_for_review`; when at least `exclude_share` of the scores are the same level
/// and the adjusted p-value is below `exclude_q` it is `exclude_annotator` (no information in the scores).
///
/// Pairwise straight-lining ("always the left one") is the `shown-position` rule's job.
///
/// Check by hand: 20 scores all "4" where 4 has population share 0.2 → p = 7 · 0.2²⁰ ≈ 7e-14.
public struct StraightLiningRule: AssayRule {
    public let id = "straight-lining"
    public let version = "1.0.0"
    public let summary =
        "Flags annotators who give one constant score far more often than the population's score distribution allows (binomial test, BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate across tested annotators."),
        .int("min_scores", default: 8, "Only annotators with at least this many scores are tested."),
        .int("levels", default: 7, "Scores are compared on this many equally spaced levels of their scale."),
        .double("exclude_share", default: 0.95, "Recommend exclusion when at least this share of the scores is one level…"),
        .double("exclude_q", default: 1e-6, "…and the adjusted p-value is below this."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let minScores = try input.parameters.int("min_scores")
        let levels = try input.parameters.int("levels")
        let excludeShare = try input.parameters.double("exclude_share")
        let excludeQ = try input.parameters.double("exclude_q")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard levels >= 2, levels <= 1000 else { throw RuleError("levels must lie in 2…1000, got \(levels)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings

        var perAnnotator = [[Int]](repeating: [Int](repeating: 0, count: levels), count: snapshot.annotators.count)
        var population = [Int](repeating: 0, count: levels)
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.score.rawValue {
            let low = ratings.scaleMin[row]
            let high = ratings.scaleMax[row]
            guard low.isFinite, high.isFinite, high > low else { continue }
            for entry in ratings.scores[row] {
                let level = min(levels - 1, max(0, Int(((entry.value - low) / (high - low) * Double(levels - 1)).rounded())))
                perAnnotator[Int(ratings.annotator[row])][level] += 1
                population[level] += 1
            }
        }
        let populationTotal = population.reduce(0, +)

        // Honest annotators differ in leniency, so a level's share varies between them more than binomially: per
        // level, a beta-binomial is fitted over the annotators with enough scores (method of moments).
        let eligible = perAnnotator.indices.filter { perAnnotator[$0].reduce(0, +) >= max(minScores, 1) }
        var fits: [(alpha: Double, beta: Double)?] = []
        for level in 0..<levels {
            fits.append(eligible.count >= 10 ? Stats.fitBeta(eligible.map { (perAnnotator[$0][level], perAnnotator[$0].reduce(0, +)) }) : nil)
        }
        var tested: [(annotator: Int, level: Int, count: Int, total: Int, share: Double, p: Double)] = []
        for annotator in eligible {
            let counts = perAnnotator[annotator]
            let total = counts.reduce(0, +)
            let others = populationTotal - total
            guard others > 0 else { continue }
            let level = counts.indices.max { counts[$0] < counts[$1] }!
            // Leave-one-out share, with one pseudo-count per level so an unused level is not probability 0.
            let share = (Double(population[level] - counts[level]) + 1) / (Double(others) + Double(levels))
            let tail: Double
            if let fit = fits[level] {
                tail = Stats.betaBinomialUpper(counts[level], trials: total, alpha: fit.alpha, beta: fit.beta)
            } else {
                tail = Stats.binomialUpper(counts[level], trials: total, p: share)
            }
            tested.append((annotator, level, counts[level], total, share, min(1, Double(levels) * tail)))
        }
        let adjusted = Stats.benjaminiHochberg(tested.map(\.p))
        var findings: [Finding] = []
        for (index, entry) in tested.enumerated() where adjusted[index] <= fdr {
            let own = Double(entry.count) / Double(entry.total)
            let exclude = own >= excludeShare && adjusted[index] < excludeQ
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)), score: own / max(entry.share, 1e-9), strength: .pValue(entry.p),
                    action: exclude ? .excludeAnnotator : .flagForReview,
                    summary:
                        "Gave the same score level in \(entry.count) of \(entry.total) scores (\(Stats.percent(own))) where the population uses it \(Stats.percent(entry.share)) of the time.",
                    evidence: [
                        .number("constant_level", Double(entry.level)),
                        .number("level_count", Double(entry.count)),
                        .number("scores", Double(entry.total)),
                        .number("own_share", own),
                        .number("population_share", entry.share),
                        .number("p_value", entry.p),
                        .number("q_value", adjusted[index]),
                    ]))
        }
        return findings
    }
}
