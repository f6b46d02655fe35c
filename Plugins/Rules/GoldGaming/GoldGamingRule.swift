import AssayPluginAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `gold-gaming`: annotators whose accuracy on gold (control) items is far above what their agreement with the
/// consensus on everything else predicts — control-item leakage: a worker who has learned to recognise the gold
/// items answers those with care and the rest carelessly. Gold-based quality control assumes workers cannot tell
/// gold from ordinary work (Oleson et al., "Programmatic Gold: Targeted and Scalable Quality Assurance in
/// Crowdsourcing", HCOMP 2011, generate gold at scale partly so that it stays varied and hard to spot); Checco,
/// Bates & Demartini ("Adversarial Attacks on Crowdsourcing Quality Control", JAIR 2020) show how workers can
/// identify gold questions and pass the checks while answering the rest as they like.
///
/// Pairwise ratings only (ranking and score gold is judged by `gold`; their non-gold agreement would need another
/// reference). For annotator a: G = their pairwise gold ratings and C of them with the gold choice; N = their
/// pairwise ratings on non-gold items whose consensus is confident (posterior of one side ≥
/// `consensus_confidence`, `ConsensusView.posterior(ofItem:)`, with the rater's own vote taken out
/// (`leave_own_vote_out`, see ``reference(_:without:reliability:confidence:)``); near-ties are left out; a plain
/// share of the other raters' strict votes when the run has no consensus) and A of them with the consensus side. Gold items are often easier (or harder) than the
/// rest for everyone, and the relation differs with skill, so a's gap is judged against the population's, not
/// against zero:
///
/// - the agreement o of an annotator has a beta population (method of moments, Kleinman 1973), and a's own o
///   its posterior Beta(α₀ + A, β₀ + N − A), on a grid of logit o;
/// - honest gold accuracy follows agreement elsewhere: C | o ~ BetaBin(G, mean logistic(a + b · logit o), ρ),
///   the intra-class correlation ρ for honest heterogeneity beyond what agreement explains;
/// - (a, b, ρ) are fitted by maximum likelihood of every tested annotator's gold count *given* their own non-gold
///   agreement (the posterior predictive, so the noise in an annotator's o does not flatten the slope), in a
///   mixture with a contamination component C ~ BetaBin(G, 5, 1) (gold accuracy near 1 whatever the agreement
///   elsewhere) of weight π, so the annotators to be found do not widen the population they are judged against.
///
/// The p-value is the honest posterior-predictive upper tail P(C' ≥ C | A, N), averaged over a's posterior of o.
/// Its smallest achievable value, P(C' = G | A, N), depends only on what is conditioned on, so Tarone's screen
/// (Tarone 1990; with BH, Gilbert 2005) drops annotators whose few gold ratings could never be significant before
/// Benjamini–Hochberg at `fdr` over the rest. A significant annotator is flagged for review — never downweighted,
/// excluded or stripped of ratings by this rule: the evidence is relative to the consensus, and an expert who is
/// right where the crowd is wrong shows the same pattern; the reviewer sees the gold accuracy, the agreement
/// elsewhere and what the population predicts.
///
/// Check by hand: honest annotators who agree with the consensus on 60% of confident items get about 60% of gold
/// right; one who answers 20 of 20 gold items correctly with 60% agreement elsewhere has p ≈ 0.6²⁰ ≈ 4e-5 (before
/// the uncertainty of their own 60%).
public struct GoldGamingRule: AssayRule {
    public let id = "gold-gaming"
    public let version = "1.0.0"
    public let summary =
        "Flags annotators whose gold-item accuracy is far above what their agreement with the consensus elsewhere predicts for the population (posterior predictive, Tarone-screened BH)."
    public let parameters: [ParameterSpec] = [
        .double(
            "fdr", default: 0.05,
            "Benjamini–Hochberg false discovery rate over the annotators whose test can reach it (the rule only flags; see the doc)."),
        .double(
            "consensus_confidence", default: 0.9,
            "Non-gold pairwise items count only where the consensus posterior of one side is at least this (near-ties are left out)."),
        .int("min_gold", default: 5, "Only annotators with at least this many pairwise gold ratings are tested and used in the population fit."),
        .int(
            "min_other", default: 10,
            "Only annotators with at least this many non-gold pairwise ratings on confidently decided items are tested and used in the fit."),
        .int("min_annotators", default: 10, "Below this many tested annotators the population fit is too weak and nothing is reported."),
        .bool(
            "leave_own_vote_out", default: true,
            "Take the rater's own vote out of the consensus posterior (one-coin Dawid–Skene, by their reliability) before judging agreement."),
    ]

    public init() {}

    /// The contamination component of the population fit: gold accuracy Beta(5, 1), near 1 whatever else.
    static let contamination = (alpha: 5.0, beta: 1.0)

    /// What one tested annotator contributes: gold counts, and their posterior of logit(agreement) on a grid.
    struct Case {
        let annotator: Int
        let gold: Int
        let correct: Int
        let other: Int
        let agreed: Int
        let logits: [Double]
        let weights: [Double]
        /// log P(correct | gold, contamination component).
        let contaminated: Double
    }

    /// The honest population's gold model: mean logistic(intercept + slope · logit o), intra-class correlation rho.
    struct Population {
        var intercept: Double
        var slope: Double
        var rho: Double
        var outlierShare: Double

        func mean(_ logit: Double) -> Double { min(1 - 1e-9, max(1e-9, 1 / (1 + exp(-(intercept + slope * logit))))) }
        func shape(_ logit: Double) -> (alpha: Double, beta: Double) {
            let size = (1 - rho) / rho
            let m = mean(logit)
            return (m * size, (1 - m) * size)
        }
    }

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let confidence = try input.parameters.double("consensus_confidence")
        let minGold = try input.parameters.int("min_gold")
        let minOther = try input.parameters.int("min_other")
        let minAnnotators = try input.parameters.int("min_annotators")
        let leaveOut = try input.parameters.bool("leave_own_vote_out")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard confidence > 0.5, confidence <= 1 else { throw RuleError("consensus_confidence must lie in (0.5, 1], got \(confidence)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let pairwise = RatingKind.pairwise.rawValue

        // An item is gold when any of its pairwise ratings carries a gold answer; gold items never count as "other".
        var goldItem = [Bool](repeating: false, count: snapshot.items.count)
        for row in 0..<ratings.count where ratings.kind[row] == pairwise && ratings.goldChoice[row] >= 0 {
            goldItem[Int(ratings.item[row])] = true
        }
        let consensus = input.consensus
        let hasPosterior = consensus.pairwisePosterior.count == 3 * snapshot.items.count && snapshot.items.count > 0
        // Without a consensus posterior: the strict votes of the item's other raters (counted once here).
        var votes = [(first: Int, second: Int)](repeating: (0, 0), count: hasPosterior ? 0 : snapshot.items.count)
        if !hasPosterior {
            for row in 0..<ratings.count where ratings.kind[row] == pairwise {
                if ratings.choice[row] == PairwiseChoice.first { votes[Int(ratings.item[row])].first += 1 }
                if ratings.choice[row] == PairwiseChoice.second { votes[Int(ratings.item[row])].second += 1 }
            }
        }

        struct Tally {
            var gold = 0
            var correct = 0
            var other = 0
            var agreed = 0
            var disagreed: [Int] = []
        }
        var tallies = [Tally](repeating: Tally(), count: snapshot.annotators.count)
        for row in 0..<ratings.count where ratings.kind[row] == pairwise {
            let choice = ratings.choice[row]
            guard choice >= 0 else { continue }
            let annotator = Int(ratings.annotator[row])
            let item = Int(ratings.item[row])
            if ratings.goldChoice[row] >= 0 {
                tallies[annotator].gold += 1
                if choice == ratings.goldChoice[row] { tallies[annotator].correct += 1 }
            } else if !goldItem[item] {
                let side: Int8
                if hasPosterior {
                    guard let posterior = consensus.posterior(ofItem: item) else { continue }
                    let reliability = leaveOut && annotator < consensus.reliability.count ? consensus.reliability[annotator] : .nan
                    side = Self.reference(posterior, without: choice, reliability: reliability, confidence: confidence)
                } else {
                    side = Self.majorityOfOthers(votes[item], without: choice, confidence: confidence)
                }
                guard side >= 0 else { continue }
                tallies[annotator].other += 1
                if choice == side { tallies[annotator].agreed += 1 } else { tallies[annotator].disagreed.append(row) }
            }
        }
        let tested = tallies.indices.filter { tallies[$0].gold >= max(minGold, 1) && tallies[$0].other >= max(minOther, 1) }
        guard tested.count >= max(minAnnotators, 2) else { return [] }
        guard let prior = Stats.fitBeta(tested.map { (tallies[$0].agreed, tallies[$0].other) }) else { return [] }

        let cases = tested.map { annotator in
            let tally = tallies[annotator]
            let grid = Self.posteriorGrid(agreed: tally.agreed, of: tally.other, prior: prior)
            let contaminated =
                Stats.logChoose(tally.gold, tally.correct)
                + Stats.logBeta(Double(tally.correct) + Self.contamination.alpha, Double(tally.gold - tally.correct) + Self.contamination.beta)
                - Stats.logBeta(Self.contamination.alpha, Self.contamination.beta)
            return Case(
                annotator: annotator, gold: tally.gold, correct: tally.correct, other: tally.other, agreed: tally.agreed, logits: grid.logits,
                weights: grid.weights, contaminated: contaminated)
        }
        let population = Self.fit(cases)

        // Posterior-predictive upper tail, its smallest achievable value and the expected count, per case.
        var pValues: [Double] = []
        var minimum: [Double] = []
        var expected: [Double] = []
        for entry in cases {
            var p = 0.0
            var top = 0.0
            var mean = 0.0
            for (logit, weight) in zip(entry.logits, entry.weights) {
                let shape = population.shape(logit)
                p += weight * Stats.betaBinomialUpper(entry.correct, trials: entry.gold, alpha: shape.alpha, beta: shape.beta)
                top += weight * Stats.betaBinomialUpper(entry.gold, trials: entry.gold, alpha: shape.alpha, beta: shape.beta)
                mean += weight * Double(entry.gold) * population.mean(logit)
            }
            pValues.append(min(1, p))
            minimum.append(min(1, top))
            expected.append(mean)
        }
        let family = Stats.taroneFamily(minimumPValues: minimum, alpha: fdr)
        let members = cases.indices.filter { family[$0] }
        let adjusted = Stats.benjaminiHochberg(members.map { pValues[$0] })

        let goldTotal = cases.reduce(0) { $0 + $1.gold }
        let correctTotal = cases.reduce(0) { $0 + $1.correct }
        let otherTotal = cases.reduce(0) { $0 + $1.other }
        let agreedTotal = cases.reduce(0) { $0 + $1.agreed }
        let populationGold = Double(correctTotal) / Double(max(goldTotal, 1))
        let populationOther = Double(agreedTotal) / Double(max(otherTotal, 1))

        var findings: [Finding] = []
        for (position, index) in members.enumerated() where adjusted[position] <= fdr {
            let entry = cases[index]
            let accuracy = Double(entry.correct) / Double(entry.gold)
            let agreement = Double(entry.agreed) / Double(entry.other)
            let expectedAccuracy = expected[index] / Double(entry.gold)
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)), score: accuracy - expectedAccuracy, strength: .pValue(pValues[index]),
                    action: .flagForReview,
                    summary:
                        "Answered \(entry.correct) of \(entry.gold) gold items correctly (\(Stats.percent(accuracy))) but agreed with the consensus on only "
                        + "\(entry.agreed) of \(entry.other) other clear items (\(Stats.percent(agreement))); honest annotators who agree that often get "
                        + "about \(Stats.short(expected[index], digits: 1)) of \(entry.gold) gold items right (population: \(Stats.percent(populationGold)) "
                        + "on gold, \(Stats.percent(populationOther)) elsewhere) — the gold items look recognised and answered with care.",
                    evidence: [
                        .number("gold_correct", Double(entry.correct)),
                        .number("gold_rated", Double(entry.gold)),
                        .number("gold_accuracy", accuracy),
                        .number("other_agreed", Double(entry.agreed)),
                        .number("other_rated", Double(entry.other)),
                        .number("other_agreement", agreement),
                        .number("expected_gold_correct", expected[index]),
                        .number("population_gold_accuracy", populationGold),
                        .number("population_other_agreement", populationOther),
                        .number("population_intercept", population.intercept),
                        .number("population_slope", population.slope),
                        .number("population_rho", population.rho),
                        .number("population_outlier_share", population.outlierShare),
                        .number("tested_annotators", Double(cases.count)),
                        .number("family_size", Double(members.count)),
                        .number("p_value", pValues[index]),
                        .number("q_value", adjusted[position]),
                        .ids("other_disagreed_ratings", tallies[entry.annotator].disagreed.map { ratings.ids[$0] }),
                    ]))
        }
        return findings
    }

    /// The side (0 first, 1 second) the consensus prefers with at least `confidence` once the rater's own vote is
    /// taken out, −1 when neither is that clear. The own vote is removed as in a one-coin Dawid–Skene model: the
    /// posterior of the class the rater named is divided by their reliability r, the others by 1 − r (r clamped to
    /// [0.5, 0.99]; unknown r: nothing removed). Without this, items become "clear" *because* the rater agreed —
    /// which inflates everyone's agreement, most that of the careless.
    static func reference(
        _ posterior: (first: Double, second: Double, tie: Double), without choice: Int8, reliability: Double, confidence: Double
    ) -> Int8 {
        var first = posterior.first
        var second = posterior.second
        var tie = posterior.tie.isFinite ? posterior.tie : 0
        guard first.isFinite, second.isFinite else { return -1 }
        if reliability.isFinite {
            let r = min(0.99, max(0.5, reliability))
            first /= choice == PairwiseChoice.first ? r : 1 - r
            second /= choice == PairwiseChoice.second ? r : 1 - r
            tie /= choice == PairwiseChoice.tie ? r : 1 - r
        }
        let total = first + second + tie
        guard total > 0 else { return -1 }
        if first / total >= confidence { return 0 }
        if second / total >= confidence { return 1 }
        return -1
    }

    /// Without consensus: the side at least `confidence` of the *other* raters' strict votes chose (at least 2 of
    /// them), −1 otherwise. The rater's own vote is left out, or an item would only count as clear where they agreed.
    static func majorityOfOthers(_ votes: (first: Int, second: Int), without choice: Int8, confidence: Double) -> Int8 {
        let first = votes.first - (choice == PairwiseChoice.first ? 1 : 0)
        let second = votes.second - (choice == PairwiseChoice.second ? 1 : 0)
        let total = first + second
        guard total >= 2 else { return -1 }
        if Double(first) >= confidence * Double(total) { return 0 }
        if Double(second) >= confidence * Double(total) { return 1 }
        return -1
    }

    /// The posterior of logit(agreement) under the Beta(α₀, β₀) population after `agreed` of `total`: grid points
    /// (step 0.05 on [−5, 8]) with normalised weights, negligible ones dropped.
    static func posteriorGrid(agreed: Int, of total: Int, prior: (alpha: Double, beta: Double)) -> (logits: [Double], weights: [Double]) {
        let a = prior.alpha + Double(agreed)
        let b = prior.beta + Double(total - agreed)
        var logits: [Double] = []
        var logs: [Double] = []
        var step = 0
        while step <= 260 {
            let t = -5 + 0.05 * Double(step)
            // Beta density in logit space: o^a (1 − o)^b with o = logistic(t).
            let logO = -log1p(exp(-t))
            let logNotO = -log1p(exp(t))
            logits.append(t)
            logs.append(a * logO + b * logNotO)
            step += 1
        }
        let top = logs.max() ?? 0
        var keptLogits: [Double] = []
        var weights: [Double] = []
        for (t, value) in zip(logits, logs) where value - top > -25 {
            keptLogits.append(t)
            weights.append(exp(value - top))
        }
        let sum = weights.reduce(0, +)
        return (keptLogits, weights.map { $0 / sum })
    }

    /// Negative log-likelihood of every case's gold count given their own agreement, under the mixture.
    static func negativeLogLikelihood(_ cases: [Case], _ population: Population) -> Double {
        var total = 0.0
        let logHonest = log(1 - population.outlierShare)
        let logOutlier = log(population.outlierShare)
        for entry in cases {
            var honest = 0.0
            let logChoose = Stats.logChoose(entry.gold, entry.correct)
            for (logit, weight) in zip(entry.logits, entry.weights) {
                let shape = population.shape(logit)
                let logPMF =
                    logChoose + Stats.logBeta(Double(entry.correct) + shape.alpha, Double(entry.gold - entry.correct) + shape.beta)
                    - Stats.logBeta(shape.alpha, shape.beta)
                honest += weight * exp(logPMF)
            }
            let a = logHonest + log(max(honest, 1e-300))
            let b = logOutlier + entry.contaminated
            let top = max(a, b)
            total -= top + log(exp(a - top) + exp(b - top))
        }
        return total
    }

    /// Maximum likelihood of (intercept, slope, ρ, π) by Nelder–Mead; ρ in [1e-4, 0.5], π in [1e-6, 0.5].
    static func fit(_ cases: [Case]) -> Population {
        func population(_ x: [Double]) -> Population {
            Population(
                intercept: x[0], slope: x[1], rho: min(0.5, max(1e-4, 1 / (1 + exp(-x[2])))),
                outlierShare: min(0.5, max(1e-6, 1 / (1 + exp(-x[3])))))
        }
        let best = NelderMead.minimize(start: [0, 1, log(0.02 / 0.98), log(0.05 / 0.95)], steps: [0.5, 0.3, 1, 1], iterations: 600) {
            negativeLogLikelihood(cases, population($0))
        }
        return population(best)
    }
}

/// A plain Nelder–Mead simplex minimiser (Nelder & Mead 1965), standard coefficients.
enum NelderMead {
    static func minimize(start: [Double], steps: [Double], iterations: Int, tolerance: Double = 1e-7, _ f: ([Double]) -> Double) -> [Double] {
        let n = start.count
        var simplex = [start]
        for index in 0..<n {
            var point = start
            point[index] += steps[index]
            simplex.append(point)
        }
        var values = simplex.map { value(f, $0) }
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] < values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            if abs(values[n] - values[0]) <= tolerance * (abs(values[0]) + 1e-12) { break }
            var centroid = [Double](repeating: 0, count: n)
            for point in simplex.dropLast() { for index in 0..<n { centroid[index] += point[index] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (simplex[n][$0] - centroid[$0]) } }
            let reflected = along(-1)
            let reflectedValue = value(f, reflected)
            if reflectedValue < values[0] {
                let expanded = along(-2)
                let expandedValue = value(f, expanded)
                if expandedValue < reflectedValue {
                    (simplex[n], values[n]) = (expanded, expandedValue)
                } else {
                    (simplex[n], values[n]) = (reflected, reflectedValue)
                }
            } else if reflectedValue < values[n - 1] {
                (simplex[n], values[n]) = (reflected, reflectedValue)
            } else {
                let contracted = reflectedValue < values[n] ? along(-0.5) : along(0.5)
                let contractedValue = value(f, contracted)
                if contractedValue < min(reflectedValue, values[n]) {
                    (simplex[n], values[n]) = (contracted, contractedValue)
                } else {
                    for index in 1...n {
                        simplex[index] = (0..<n).map { simplex[0][$0] + 0.5 * (simplex[index][$0] - simplex[0][$0]) }
                        values[index] = value(f, simplex[index])
                    }
                }
            }
        }
        let best = values.indices.min { values[$0] < values[$1] } ?? 0
        return simplex[best]
    }

    private static func value(_ f: ([Double]) -> Double, _ x: [Double]) -> Double {
        let v = f(x)
        return v.isFinite ? v : .greatestFiniteMagnitude
    }
}
