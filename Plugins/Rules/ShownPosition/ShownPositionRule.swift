import AssayPluginAPI

/// `shown-position`: annotators who pick the response shown first (left / top) far more or less often than chance.
///
/// For each annotator, count the pairwise ratings with a strict preference (`n`) and those where the chosen
/// response was the one shown first (`k`, from `shown_order`; canonical order when absent). An honest annotator
/// facing randomised positions picks the first-shown response with probability ½, so `k ~ Binomial(n, ½)`, and
/// the exact two-sided binomial test gives the p-value. Error control is the one policy of the rules that can
/// exclude an annotator: Benjamini–Hochberg at `fdr` over the family of annotators whose test can reach the level
/// at all — Tarone's screen (Tarone 1990; with BH, Gilbert 2005): with n choices the smallest achievable p-value is
/// 2 · ½ⁿ, decided before looking at k. (`bonferroni` restores version 1.1: `alpha` divided by the number of
/// annotators with at least `min_ratings` choices.) Straight-lining ("always left") is the extreme case k = n. A
/// significant annotator is flagged for review; one who picks the same display side in at least `exclude_share` of
/// their choices is recommended for exclusion: such answers say nothing about the responses (an honest annotator,
/// however weak, does not reach 95% on randomised positions — at n = 20 that is p ≈ 4e-5).
///
/// Check by hand: 30 strict choices all shown-first → p = 2 · 0.5³⁰ ≈ 1.9e-9.
public struct ShownPositionRule: AssayRule {
    public let id = "shown-position"
    public let version = "1.2.0"
    public let summary =
        "Flags annotators whose choice of the first-shown response departs from chance (exact binomial test, Tarone-screened BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate over the annotators whose test can reach it."),
        .bool("bonferroni", default: false, "Instead of BH, test each annotator at alpha divided by the number tested (version 1.1)."),
        .double("alpha", default: 0.001, "Family-wise level of the Bonferroni test (only with bonferroni)."),
        .int("min_ratings", default: 10, "Only annotators with at least this many strict pairwise choices are tested."),
        .double(
            "exclude_share", default: 0.95,
            "A significant annotator who picks one display side at least this often is recommended for exclusion (their choices carry no information); otherwise flagged."
        ),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let alpha = try input.parameters.double("alpha")
        let bonferroni = try input.parameters.bool("bonferroni")
        let minRatings = try input.parameters.int("min_ratings")
        let excludeShare = try input.parameters.double("exclude_share")
        guard excludeShare > 0.5, excludeShare <= 1 else { throw RuleError("exclude_share must lie in (0.5, 1], got \(excludeShare)") }
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard alpha > 0, alpha < 1 else { throw RuleError("alpha must lie in (0, 1), got \(alpha)") }
        let snapshot = input.snapshot

        var tested: [(annotator: Int, first: Int, total: Int)] = []
        for annotator in 0..<snapshot.annotators.count {
            var first = 0
            var total = 0
            for row in snapshot.ratingRows(ofAnnotator: annotator) {
                guard let choseFirst = snapshot.choseShownFirst(rating: Int(row)) else { continue }
                total += 1
                if choseFirst { first += 1 }
            }
            if total >= max(minRatings, 1) { tested.append((annotator, first, total)) }
        }
        let pValues = tested.map { RuleMath.binomialTwoSidedPValue(successes: $0.first, trials: $0.total) }
        // Per tested annotator: significant, and the q-value (BH) or the level used (Bonferroni).
        var significant = [Bool](repeating: false, count: tested.count)
        var qValues = [Double](repeating: .nan, count: tested.count)
        let level = alpha / Double(max(tested.count, 1))
        if bonferroni {
            for index in tested.indices { significant[index] = pValues[index] < level }
        } else {
            // Tarone's screen: the smallest achievable two-sided p-value with n choices is 2 · ½ⁿ (capped at 1).
            let family = Stats.taroneFamily(
                minimumPValues: tested.map { min(1, Double(sign: .plus, exponent: 1 - $0.total, significand: 1)) }, alpha: fdr)
            let members = tested.indices.filter { family[$0] }
            let adjusted = Stats.benjaminiHochberg(members.map { pValues[$0] })
            for (position, index) in members.enumerated() {
                qValues[index] = adjusted[position]
                significant[index] = adjusted[position] <= fdr
            }
        }
        var findings: [Finding] = []
        for (index, entry) in tested.enumerated() where significant[index] {
            let p = pValues[index]
            let share = Double(entry.first) / Double(entry.total)
            let percent = Int((share * 100).rounded())
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)),
                    score: abs(share - 0.5) * 2,
                    strength: .pValue(p),
                    action: share >= excludeShare || share <= 1 - excludeShare ? .excludeAnnotator : .flagForReview,
                    summary: "Chose the response shown first in \(percent)% of \(entry.total) pairwise choices (chance: 50%).",
                    evidence: [
                        .number("chose_shown_first", Double(entry.first)),
                        .number("strict_choices", Double(entry.total)),
                        .number("shown_first_share", share),
                        .number("p_value", p),
                        bonferroni ? .number("alpha_used", level) : .number("q_value", qValues[index]),
                    ]
                )
            )
        }
        return findings
    }
}
