import AssayPluginAPI

/// `gold`: annotators whose accuracy on gold (control) items is below what the population's accuracies support.
///
/// Each gold rating is one trial: a pairwise rating is correct when its choice equals the gold choice, a ranking
/// when its top response is the gold top, a score rating when every score lies within `score_tolerance` of the
/// gold score. Honest annotators differ in skill, so their correct counts are over-dispersed relative to one
/// binomial: the population is modelled as beta-binomial, k ~ BetaBin(n, α, β), with α, β fitted by the method
/// of moments over every annotator with at least `min_gold` gold ratings (Kleinman 1973; the intra-class
/// correlation ρ is clamped to [1e-4, 0.5]). Because the very annotators to be found widen that fit, it is
/// repeated without the annotators found so far, and everyone tested again, until no new annotator is found (at
/// most five refits). Each annotator's p-value is the lower tail P(X ≤ k); Benjamini–
/// Hochberg across the tested annotators at `fdr` decides. A significant annotator is recommended for
/// `downweight` — a weak but honest annotator is still a person doing the work. Only when the pairwise gold
/// answers are also significantly *worse than a coin* (binomial P(X ≤ k | n, ½), Benjamini–Hochberg over the
/// tested annotators at `below_chance_fdr`) — which skill cannot explain, only deliberate flipping — is the
/// recommendation `exclude_annotator`.
///
/// Check by hand: population mean 0.85, ρ ≈ 0.05; an annotator with 3 of 15 correct → P(X ≤ 3) ≈ 1e-5.
public struct GoldRule: AssayRule {
    public let id = "gold"
    public let version = "1.0.0"
    public let summary =
        "Downweights annotators whose gold-item accuracy is below what the population supports (beta-binomial, BH); excludes those worse than chance."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate across tested annotators."),
        .int("min_gold", default: 5, "Only annotators with at least this many gold ratings are tested and used in the population fit."),
        .int("min_annotators", default: 5, "Below this many tested annotators the population fit is too weak and nothing is reported."),
        .double("score_tolerance", default: 1.0, "A score rating is correct when every score is within this of the gold score."),
        .double(
            "below_chance_fdr", default: 0.01,
            "Recommend exclusion when pairwise gold accuracy is below ½ (binomial lower tail, Benjamini–Hochberg over annotators at this level)."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let minGold = try input.parameters.int("min_gold")
        let minAnnotators = try input.parameters.int("min_annotators")
        let tolerance = try input.parameters.double("score_tolerance")
        let chanceFDR = try input.parameters.double("below_chance_fdr")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings

        struct Tally {
            var n = 0
            var k = 0
            var pairN = 0
            var pairK = 0
            var missed: [Int] = []
        }
        var tallies = [Tally](repeating: Tally(), count: snapshot.annotators.count)
        for row in 0..<ratings.count {
            let correct: Bool
            var pairwise = false
            switch RatingKind(rawValue: ratings.kind[row]) ?? .pairwise {
            case .pairwise:
                guard ratings.goldChoice[row] >= 0 else { continue }
                correct = ratings.choice[row] == ratings.goldChoice[row]
                pairwise = ratings.goldChoice[row] != PairwiseChoice.tie
            case .ranking:
                guard let goldTop = ratings.goldRanking[row].first else { continue }
                correct = ratings.ranking[row].first == goldTop
            case .score:
                let gold = ratings.goldScores[row]
                guard !gold.isEmpty else { continue }
                correct = ratings.scores[row].allSatisfy { entry in
                    guard let truth = gold.first(where: { $0.response == entry.response }) else { return true }
                    return abs(truth.value - entry.value) <= tolerance
                }
            }
            let annotator = Int(ratings.annotator[row])
            tallies[annotator].n += 1
            if correct { tallies[annotator].k += 1 } else { tallies[annotator].missed.append(row) }
            if pairwise {
                tallies[annotator].pairN += 1
                if correct { tallies[annotator].pairK += 1 }
            }
        }
        let tested = tallies.indices.filter { tallies[$0].n >= max(minGold, 1) }
        guard tested.count >= minAnnotators else { return [] }
        guard var fit = Stats.fitBeta(tested.map { (tallies[$0].k, tallies[$0].n) }) else { return [] }
        var pValues = tested.map { Stats.betaBinomialLower(tallies[$0].k, trials: tallies[$0].n, alpha: fit.alpha, beta: fit.beta) }
        var adjusted = Stats.benjaminiHochberg(pValues)
        // Robust refits: the annotators found inflate the spread they are judged against, so the population is
        // refitted without them and everyone is tested again, until the set found stops growing (at most 5 times).
        var found = Set(tested.indices.filter { adjusted[$0] <= fdr })
        for _ in 0..<5 where !found.isEmpty {
            let kept = tested.indices.filter { !found.contains($0) }
            guard kept.count >= minAnnotators, let refit = Stats.fitBeta(kept.map { (tallies[tested[$0]].k, tallies[tested[$0]].n) }) else { break }
            fit = refit
            pValues = tested.map { Stats.betaBinomialLower(tallies[$0].k, trials: tallies[$0].n, alpha: fit.alpha, beta: fit.beta) }
            adjusted = Stats.benjaminiHochberg(pValues)
            let next = Set(tested.indices.filter { adjusted[$0] <= fdr })
            if next.isSubset(of: found) { break }
            found.formUnion(next)
        }
        let mean = fit.alpha / (fit.alpha + fit.beta)
        let chancePValues = tested.map { tallies[$0].pairN > 0 ? Stats.binomialLower(tallies[$0].pairK, trials: tallies[$0].pairN, p: 0.5) : 1 }
        let chanceAdjusted = Stats.benjaminiHochberg(chancePValues)
        var findings: [Finding] = []
        for (index, annotator) in tested.enumerated() where adjusted[index] <= fdr {
            let tally = tallies[annotator]
            let accuracy = Double(tally.k) / Double(tally.n)
            let chanceP = chancePValues[index]
            let belowChance = chanceAdjusted[index] <= chanceFDR
            findings.append(
                Finding(
                    subject: .annotator(Int32(annotator)), score: mean - accuracy, strength: .pValue(pValues[index]),
                    action: belowChance ? .excludeAnnotator : .downweight,
                    summary:
                        "Answered \(tally.k) of \(tally.n) gold items correctly (\(Stats.percent(accuracy))) against a population mean of \(Stats.percent(mean))"
                        + (belowChance ? "; worse than chance on \(tally.pairN) pairwise gold items." : "."),
                    evidence: [
                        .number("gold_correct", Double(tally.k)),
                        .number("gold_rated", Double(tally.n)),
                        .number("population_mean_accuracy", mean),
                        .number("beta_alpha", fit.alpha),
                        .number("beta_beta", fit.beta),
                        .number("p_value", pValues[index]),
                        .number("q_value", adjusted[index]),
                        .number("below_chance_p_value", chanceP),
                        .ids("missed_gold_ratings", tally.missed.map { ratings.ids[$0] }),
                    ]))
        }
        return findings
    }
}
