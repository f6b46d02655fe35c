import AssayPluginAPI

/// `entity-promotion`: annotators whose choices favour responses that mention a particular entity or phrase
/// beyond what the consensus supports (the "Best-of-Venom" attack, Baumgärtner et al., COLM 2024, injects a
/// few percent of preference pairs favouring an entity).
///
/// On a pairwise item with a confident consensus (posterior ≥ `consensus_confidence`; a plain majority without
/// consensus), a token that appears in exactly one of the two responses is *distinctive*; tokens in more than
/// `max_token_share` of all responses are too common to be an entity and are skipped. When the consensus
/// rejected the response carrying token t, an annotator who chose it anyway scores a *hit* for t. For
/// annotator a and token t with n such opportunities and k hits, two one-sided tests must both reject
/// (intersection–union, so the larger p-value is the p-value):
///
/// - against the population: binomial P(X ≥ k | n, p_t), p_t the hit rate of everyone else on t's
///   opportunities (leave-one-out, +1/+2 smoothing) — the token is not simply confusing;
/// - against the annotator's own disagreement rate: their rate of choosing the consensus-rejected response on
///   their other confident ratings, taken separately where the rejected response is clearly the longer (at least
///   1.2 times the characters) and where it is not, and weighted like t's opportunities, as a Beta posterior (prior: a Beta fitted by the method of moments to
///   all annotators' rates in that stratum); p is its posterior-predictive
///   beta-binomial tail P(X ≥ k | n) — a weak
///   annotator who disagrees everywhere is not an entity promoter, and neither is one who simply likes long
///   answers (they are `length-bias`'s).
///
/// The family is every (annotator, token) whose margins allow significance at all (Tarone's screen for discrete
/// tests: the smallest achievable p-value, from n and the margins only, must reach the level), and
/// Benjamini–Hochberg runs over it at `fdr`; a finding also needs k ≥ `min_hits`. Each annotator with a
/// significant token gets an annotator finding naming the most significant token (`flag_for_review`, or
/// `exclude_annotator` when q < `exclude_q` and the hit share ≥ `exclude_share`) and rating-level
/// `exclude_ratings` findings for the hits.
///
/// Check by hand: population hit rate 0.2 on "acme"; an annotator with 9 hits in 9 opportunities → binomial
/// p = 0.2⁹ ≈ 5e-7.
public struct EntityPromotionRule: AssayRule {
    public let id = "entity-promotion"
    public let version = "1.0.0"
    public let summary = "Flags annotators who choose responses mentioning one entity or phrase against consensus, beyond the population and their own error rate (BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.05, "Benjamini–Hochberg false discovery rate over all (annotator, token) tests (a finding flags for review; exclusion of the annotator needs q < exclude_q)."),
        .double("consensus_confidence", default: 0.7, "Only items whose consensus posterior for one side is at least this are used."),
        .int("min_hits", default: 4, "A token is tested for an annotator only with at least this many hits."),
        .double("max_token_share", default: 0.25, "Tokens in more than this share of all responses are too common to be an entity."),
        .double("exclude_q", default: 1e-6, "Recommend excluding the annotator when the token's q-value is below this…"),
        .double("exclude_share", default: 0.8, "…and they chose the token's response on at least this share of its opportunities."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let confidence = try input.parameters.double("consensus_confidence")
        let minHits = try input.parameters.int("min_hits")
        let maxShare = try input.parameters.double("max_token_share")
        let excludeQ = try input.parameters.double("exclude_q")
        let excludeShare = try input.parameters.double("exclude_share")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let items = snapshot.items
        let preferred = PairwiseConsensus.preferred(snapshot, input.consensus, confidence: confidence)

        // Distinctive tokens per item: (token id, canonical side carrying it).
        var vocabulary: [String: Int32] = [:]
        var names: [String] = []
        var frequency: [Int] = []
        var responseTokens = [[Int32]](repeating: [], count: items.responseTexts.count)
        for response in 0 ..< items.responseTexts.count {
            var set = Set<Int32>()
            for token in SnapshotView.tokens(of: items.responseTexts[response]) {
                let word = String(token)
                let id: Int32
                if let known = vocabulary[word] { id = known } else {
                    id = Int32(names.count)
                    vocabulary[word] = id
                    names.append(word)
                    frequency.append(0)
                }
                set.insert(id)
            }
            for id in set { frequency[Int(id)] += 1 }
            responseTokens[response] = Array(set)
        }
        let maxFrequency = maxShare * Double(max(items.responseTexts.count, 1))
        var distinctive = [[(token: Int32, side: Int8)]](repeating: [], count: items.count)
        for item in 0 ..< items.count where items.responseCount(of: item) == 2 && preferred[item] >= 0 {
            let first = Set(responseTokens[Int(items.responseOffsets[item])])
            let second = Set(responseTokens[Int(items.responseOffsets[item]) + 1])
            for token in first.subtracting(second) where Double(frequency[Int(token)]) <= maxFrequency { distinctive[item].append((token, 0)) }
            for token in second.subtracting(first) where Double(frequency[Int(token)]) <= maxFrequency { distinctive[item].append((token, 1)) }
        }

        // Per annotator and token: opportunities (consensus rejected the bearer) and hits (chose it anyway).
        struct Tally { var opportunities = 0; var longer = 0; var hits: [Int] = [] }
        var tallies = [[Int32: Tally]](repeating: [:], count: snapshot.annotators.count)
        // Per annotator, confident ratings and disagreements split by whether the consensus-rejected response is
        // clearly the longer one (at least 1.2 times the characters: index 1) or not (0): the baseline a token's hits are compared with, so that a taste for
        // long (or short) answers is not mistaken for promoting the words long answers contain.
        var totals = [[Int]](repeating: [0, 0], count: snapshot.annotators.count)
        var disagreedTotals = [[Int]](repeating: [0, 0], count: snapshot.annotators.count)
        func rejectedIsLonger(_ item: Int) -> Int {
            let first = items.responseTexts.bytes(at: Int(items.responseOffsets[item])).count
            let second = items.responseTexts.bytes(at: Int(items.responseOffsets[item]) + 1).count
            let rejected = preferred[item] == 0 ? second : first
            let kept = preferred[item] == 0 ? first : second
            return Double(rejected) >= 1.2 * Double(max(kept, 1)) ? 1 : 0
        }
        var populationOpportunities: [Int32: Int] = [:]
        var populationHits: [Int32: Int] = [:]
        for row in 0 ..< ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let choice = ratings.choice[row]
            guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
            let item = Int(ratings.item[row])
            guard preferred[item] >= 0 else { continue }
            let annotator = Int(ratings.annotator[row])
            guard items.responseCount(of: item) == 2 else { continue }
            let stratum = rejectedIsLonger(item)
            totals[annotator][stratum] += 1
            if choice != preferred[item] { disagreedTotals[annotator][stratum] += 1 }
            for (token, side) in distinctive[item] where side != preferred[item] {
                tallies[annotator][token, default: Tally()].opportunities += 1
                tallies[annotator][token]!.longer += stratum
                populationOpportunities[token, default: 0] += 1
                if choice == side {
                    tallies[annotator][token]!.hits.append(row)
                    populationHits[token, default: 0] += 1
                }
            }
        }

        struct Test {
            let annotator: Int; let token: Int32; let hits: [Int]; let opportunities: Int; let base: Double; let ownRate: Double; let strength: Double
            let pMin: Double
            var p = 1.0
        }
        // Empirical-Bayes priors of annotators' disagreement rates per length stratum (method of moments over
        // annotators with at least 5 ratings in the stratum; uniform when too few to fit).
        var priors: [(alpha: Double, beta: Double)] = []
        for stratum in 0 ..< 2 {
            let counts = totals.indices.filter { totals[$0][stratum] >= 5 }.map { (disagreedTotals[$0][stratum], totals[$0][stratum]) }
            priors.append((counts.count >= 20 ? Stats.fitBeta(counts) : nil) ?? (1, 1))
        }
        var tests: [Test] = []
        for annotator in 0 ..< snapshot.annotators.count {
            for (token, tally) in tallies[annotator] {
                let k = tally.hits.count
                let n = tally.opportunities
                let base = (Double(populationHits[token, default: 0] - k) + 1) / (Double(populationOpportunities[token]! - n) + 2)
                // The annotator's own rate of choosing a consensus-rejected response, in the same length strata
                // as the token's opportunities, from their ratings without those opportunities (+1/+2).
                var expected = 0.0
                var strength = 0.0
                for stratum in 0 ..< 2 {
                    let inStratum = stratum == 1 ? tally.longer : n - tally.longer
                    guard inStratum > 0 else { continue }
                    let hitsInStratum = tally.hits.filter { rejectedIsLonger(Int(ratings.item[$0])) == stratum }.count
                    let rest = Double(totals[annotator][stratum] - inStratum)
                    let restDisagreed = Double(disagreedTotals[annotator][stratum] - hitsInStratum)
                    let prior = priors[stratum]
                    let size = rest + prior.alpha + prior.beta
                    expected += Double(inStratum) * (restDisagreed + prior.alpha) / size
                    strength += Double(inStratum) / Double(n) * size
                }
                // Posterior predictive: the rate is known only as well as the ratings it comes from; when the
                // token's opportunities are nearly all of the annotator's ratings of that kind, nothing is left to
                // tell the token from the length and the test (rightly) cannot reject.
                let ownRate = min(0.999, max(0.001, expected / Double(n)))
                let pMin = max(
                    Stats.binomialUpper(n, trials: n, p: base), Stats.betaBinomialUpper(n, trials: n, alpha: ownRate * strength, beta: (1 - ownRate) * strength))
                tests.append(Test(annotator: annotator, token: token, hits: tally.hits, opportunities: n, base: base, ownRate: ownRate, strength: strength, pMin: pMin))
            }
        }
        // The family: every (annotator, token) whose margins allow significance at all (Tarone's screen).
        let testable = Stats.taroneFamily(minimumPValues: tests.map(\.pMin), alpha: fdr)
        tests = zip(tests, testable).filter { $0.1 }.map { $0.0 }
        guard !tests.isEmpty else { return [] }
        // p-values only for the testable family (the screen needs the margins alone).
        for index in tests.indices {
            let test = tests[index]
            let k = test.hits.count
            let population = Stats.binomialUpper(k, trials: test.opportunities, p: test.base)
            let own = Stats.betaBinomialUpper(k, trials: test.opportunities, alpha: test.ownRate * test.strength, beta: (1 - test.ownRate) * test.strength)
            tests[index].p = max(population, own)
        }
        var adjusted = Stats.benjaminiHochberg(tests.map(\.p))
        for (index, test) in tests.enumerated() where test.hits.count < max(minHits, 1) { adjusted[index] = 1 }
        var significant: [Int: [(test: Test, q: Double)]] = [:]
        for (index, test) in tests.enumerated() where adjusted[index] <= fdr { significant[test.annotator, default: []].append((test, adjusted[index])) }
        var findings: [Finding] = []
        for annotator in significant.keys.sorted() {
            let found = significant[annotator]!.sorted { ($0.test.p, names[Int($0.test.token)]) < ($1.test.p, names[Int($1.test.token)]) }
            let (test, q) = found[0]
            // Tokens with the very same hits always travel together: a phrase ("I recommend Acme"). Order them as in
            // the first promoted response.
            let tied = found.filter { $0.test.hits == test.hits && $0.test.opportunities == test.opportunities }.map { names[Int($0.test.token)] }
            let others = found.map { names[Int($0.test.token)] }.filter { !tied.contains($0) }
            let firstHit = test.hits[0]
            let chosen = Int(items.responseOffsets[Int(ratings.item[firstHit])]) + Int(ratings.choice[firstHit])
            let order = SnapshotView.tokens(of: items.responseTexts[chosen]).map(String.init)
            let token = tied.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }.joined(separator: " ")
            let share = Double(test.hits.count) / Double(test.opportunities)
            let exclude = q < excludeQ && share >= excludeShare
            // Every hit on any significant token of this annotator is a promoted rating.
            var promoted = Set(test.hits)
            for other in found { promoted.formUnion(other.test.hits) }
            let rows = promoted.sorted()
            findings.append(
                Finding(
                    subject: .annotator(Int32(annotator)), score: share - test.base, strength: .pValue(test.p), action: exclude ? .excludeAnnotator : .flagForReview,
                    summary: "Chose the response mentioning \"\(token)\" against consensus in \(test.hits.count) of \(test.opportunities) chances (\(Stats.percent(share))) against \(Stats.percent(test.base)) for the population.",
                    evidence: [
                        .text("promoted_token", token),
                        .number("hits", Double(test.hits.count)),
                        .number("opportunities", Double(test.opportunities)),
                        .number("population_hit_rate", test.base),
                        .number("p_value", test.p),
                        .number("q_value", q),
                        .ids("other_significant_tokens", Array(Set(others)).sorted()),
                        .ids("promoting_ratings", rows.map { ratings.ids[$0] }),
                    ]))
            for row in rows {
                findings.append(
                    Finding(
                        subject: .rating(Int32(row)), score: share - test.base, strength: .pValue(test.p), action: .excludeRatings,
                        summary: "Chose the response mentioning \"\(token)\" against consensus; the annotator does so far beyond the population.",
                        evidence: [.text("promoted_token", token), .number("q_value", q)]))
            }
        }
        return findings
    }
}
