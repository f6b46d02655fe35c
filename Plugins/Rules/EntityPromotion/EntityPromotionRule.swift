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
/// - against the annotator's own, difficulty-aware baseline (`DifficultyBaseline`): every strict pairwise rating
///   is judged against the *other* raters of its item (their consensus-weighted majority; item difficulty x = the
///   log-odds that another rater voted against it), and a Rasch-type model — logit P(against the others) =
///   θ_a + slope·x, θ_a ~ Normal(μ, τ²), the linear logistic test model of Fischer (1973) with a random
///   annotator effect — is fitted to the whole population by marginal maximum likelihood (EM on a θ grid, Bock &
///   Aitkin 1981), separately for ratings where the response the others reject is clearly the longer (at least
///   1.2 times the characters) and the rest, so each annotator has an ability per length class. With t's
///   opportunities held out, the annotator's other ratings give the posterior of θ_a, and p is the
///   posterior-predictive upper tail of the hits: a mixture over θ of Poisson-binomials, each opportunity with the
///   probability its own difficulty implies. Disagreeing on items that every other rater gets right therefore
///   counts for more than disagreeing on near-ties; a weak annotator who disagrees everywhere is not an entity
///   promoter, and neither is one who simply likes long answers (they are `length-bias`'s).
///
/// Two stages (`TokenScreen`, as in `trigger-backdoor`). Stage 1, leaving the annotator out: a token is a
/// candidate when improbably many *other* annotators' tests on it reach p ≤ `stage1_level` (Binomial upper tail ≤
/// `fdr` / number of tokens), with a strength from the share of them that look non-null (grouped BH weights, Hu,
/// Zhao & Zhou 2010) — an entity promoted by a campaign of many accounts; a lone promoter gets no stage-1 evidence.
/// Stage 2: the family is every (annotator, token) whose margins allow significance at all (Tarone's screen for
/// discrete tests: the smallest achievable p-value, from n and the margins only, must reach the level; with
/// `weighted_screen`, pMin / weight), and weighted Benjamini–Hochberg (Genovese, Roeder & Wasserman 2006) runs over
/// it at `fdr`, the family's candidates sharing `candidate_share` of its budget by strength. A finding also needs
/// k ≥ `min_hits` (so tests with fewer than `min_hits` opportunities, which can never report, are not hypotheses at
/// all). Each annotator with a significant token gets an annotator finding naming the most significant token
/// (`flag_for_review`, or `exclude_annotator` when q < `exclude_q` and the hit share ≥ `exclude_share`) and
/// rating-level `exclude_ratings` findings for the hits.
///
/// Check by hand: population hit rate 0.2 on "acme"; an annotator with 9 hits in 9 opportunities → binomial
/// p = 0.2⁹ ≈ 5e-7.
public struct EntityPromotionRule: AssayRule {
    public let id = "entity-promotion"
    public let version = "1.2.0"
    public let summary =
        "Flags annotators who choose responses mentioning one entity or phrase against consensus, beyond the population and their own difficulty-adjusted error rate (BH)."
    public let parameters: [ParameterSpec] = [
        .double(
            "fdr", default: 0.05,
            "Benjamini–Hochberg false discovery rate over all (annotator, token) tests (a finding flags for review; exclusion of the annotator needs q < exclude_q)."
        ),
        .double("consensus_confidence", default: 0.7, "Only items whose consensus posterior for one side is at least this are used."),
        .int("min_hits", default: 4, "A token is tested for an annotator only with at least this many hits."),
        .double("max_token_share", default: 0.25, "Tokens in more than this share of all responses are too common to be an entity."),
        .double("exclude_q", default: 1e-6, "Recommend excluding the annotator when the token's q-value is below this…"),
        .double("exclude_share", default: 0.8, "…and they chose the token's response on at least this share of its opportunities."),
        .double("stage1_level", default: 0.005, "Stage 1: another annotator's test counts as evidence for a token when its p-value is at most this."),
        .double(
            "candidate_share", default: 0.5,
            "Share of the FDR budget given to (annotator, token) tests whose token is a stage-1 candidate in the other annotators' tests (weighted BH); 0 turns stage 1 off."
        ),
        .bool(
            "weighted_screen", default: false,
            "Screen the family on smallest achievable p-value / stage-1 weight (more power when one campaign spans hundreds of accounts, less when it spans a few)."
        ),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let confidence = try input.parameters.double("consensus_confidence")
        let minHits = try input.parameters.int("min_hits")
        let maxShare = try input.parameters.double("max_token_share")
        let excludeQ = try input.parameters.double("exclude_q")
        let excludeShare = try input.parameters.double("exclude_share")
        let candidateShare = try input.parameters.double("candidate_share")
        let stage1Level = try input.parameters.double("stage1_level")
        let weightedScreen = try input.parameters.bool("weighted_screen")
        guard stage1Level > 0, stage1Level < 1 else { throw RuleError("stage1_level must lie in (0, 1), got \(stage1Level)") }
        guard candidateShare >= 0, candidateShare < 1 else { throw RuleError("candidate_share must lie in [0, 1), got \(candidateShare)") }
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let items = snapshot.items
        let preferred = PairwiseConsensus.preferred(snapshot, input.consensus, confidence: confidence)

        // Distinctive tokens per item: (token id, canonical side carrying it).
        var vocabulary = TokenVocabulary()
        let responseTokens = (0..<items.responseTexts.count).map { vocabulary.add(document: SnapshotView.tokens(of: items.responseTexts[$0])) }
        let names = vocabulary.names
        let frequency = vocabulary.documentFrequency
        let maxFrequency = maxShare * Double(max(items.responseTexts.count, 1))
        var distinctive = [[(token: Int32, side: Int8)]](repeating: [], count: items.count)
        for item in 0..<items.count where items.responseCount(of: item) == 2 && preferred[item] >= 0 {
            let first = Set(responseTokens[Int(items.responseOffsets[item])])
            let second = Set(responseTokens[Int(items.responseOffsets[item]) + 1])
            for token in first.subtracting(second) where Double(frequency[Int(token)]) <= maxFrequency { distinctive[item].append((token, 0)) }
            for token in second.subtracting(first) where Double(frequency[Int(token)]) <= maxFrequency { distinctive[item].append((token, 1)) }
        }

        // The annotator's own, difficulty-aware baseline (DifficultyBaseline): every strict pairwise rating judged
        // against the other raters of its item, a Rasch-type model of going against them fitted to the population,
        // one annotator ability per length class — 1 when the response the others reject is clearly the longer
        // one (at least 1.2 times the characters), else 0: a taste for long (or short) answers is `length-bias`'s
        // finding, not promotion of the words long answers contain.
        func length(_ item: Int, _ side: Int) -> Int { items.responseTexts.bytes(at: Int(items.responseOffsets[item]) + side).count }
        let baseline = DifficultyBaseline(
            snapshot, input.consensus, classes: 2,
            classOf: { row, kept in
                let item = Int(ratings.item[row])
                return Double(length(item, 1 - kept)) >= 1.2 * Double(max(length(item, kept), 1)) ? 1 : 0
            })

        // Per annotator and token: opportunities (consensus rejected the bearer: the rating's row and the bearer's
        // side) and hits (chose it anyway).
        struct Tally {
            var opportunities: [(row: Int, side: Int)] = []
            var hits: [Int] = []
        }
        var tallies = [[Int32: Tally]](repeating: [:], count: snapshot.annotators.count)
        var populationOpportunities: [Int32: Int] = [:]
        var populationHits: [Int32: Int] = [:]
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let choice = ratings.choice[row]
            guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
            let item = Int(ratings.item[row])
            guard preferred[item] >= 0, items.responseCount(of: item) == 2 else { continue }
            let annotator = Int(ratings.annotator[row])
            for (token, side) in distinctive[item] where side != preferred[item] {
                tallies[annotator][token, default: Tally()].opportunities.append((row, Int(side)))
                populationOpportunities[token, default: 0] += 1
                if choice == side {
                    tallies[annotator][token]!.hits.append(row)
                    populationHits[token, default: 0] += 1
                }
            }
        }

        struct Test {
            let annotator: Int
            let token: Int32
            let hits: [Int]
            let opportunities: [(row: Int, side: Int)]
            let base: Double
            let pMin: Double
            var p = 1.0
            var expected = 0.0
            var scored = false
        }
        var tests: [Test] = []
        for annotator in 0..<snapshot.annotators.count {
            for (token, tally) in tallies[annotator] {
                let k = tally.hits.count
                let n = tally.opportunities.count
                // A finding needs min_hits hits: with fewer opportunities the test can never report, so it is not
                // in the family (decided from the margins, like Tarone's screen).
                guard n >= max(minHits, 1) else { continue }
                let base = (Double(populationHits[token, default: 0] - k) + 1) / (Double(populationOpportunities[token]! - n) + 2)
                // Smallest achievable p of each test: all n opportunities taken. The own-baseline part is the
                // posterior-predictive probability that the annotator disagrees on all of them, given how hard
                // each one is and what their other ratings say about them.
                let pMin = max(Stats.binomialUpper(n, trials: n, p: base), baseline.smallestPValue(annotator, tally.opportunities))
                tests.append(Test(annotator: annotator, token: token, hits: tally.hits, opportunities: tally.opportunities, base: base, pMin: pMin))
            }
        }
        // A fixed order (dictionary order changes from process to process; sums over tests, such as the stage-2
        // weights, must not).
        tests.sort { ($0.annotator, $0.token) < ($1.annotator, $1.token) }
        // The test itself: both parts, the larger p-value.
        func score(_ index: Int) {
            let test = tests[index]
            let k = test.hits.count
            let population = Stats.binomialUpper(k, trials: test.opportunities.count, p: test.base)
            // Against their own difficulty-aware baseline: the posterior-predictive distribution of how many
            // opportunities they take (a mixture of Poisson-binomials per length class, the classes convolved).
            let own = baseline.upperTail(test.annotator, test.opportunities, atLeast: k)
            tests[index].p = max(population, own.p)
            tests[index].expected = own.expected
            tests[index].scored = true
        }
        // Stage 1 (TokenScreen): is the token a candidate in the other annotators' tests? Only tests that can reach
        // `stage1_level` count; the own-baseline part is computed only where the cheap population part is already
        // small (the p-value is the larger of the two).
        var strengths = [Double](repeating: 0, count: tests.count)
        if candidateShare > 0 {
            let reachable = tests.map { $0.pMin <= stage1Level }
            var small = [Bool](repeating: false, count: tests.count)
            for index in tests.indices where reachable[index] {
                let test = tests[index]
                guard Stats.binomialUpper(test.hits.count, trials: test.opportunities.count, p: test.base) <= stage1Level else { continue }
                score(index)
                small[index] = tests[index].p <= stage1Level
            }
            strengths = TokenScreen.candidates(tokens: tests.map(\.token), reachable: reachable, small: small, level: stage1Level, fdr: fdr)
        }
        // Stage 2's family: every (annotator, token) whose margins allow significance at all (Tarone's screen; with
        // `weighted_screen`, on pMin / weight), its candidates sharing `candidate_share` of its budget by strength.
        let family = TokenScreen.family(
            minimumPValues: tests.map(\.pMin), strengths: strengths, share: candidateShare, alpha: fdr, weighted: weightedScreen)
        let kept = tests.indices.filter { family.keep[$0] }
        guard !kept.isEmpty else { return [] }
        for index in kept where !tests[index].scored { score(index) }
        tests = kept.map { tests[$0] }
        var adjusted = Stats.weightedBenjaminiHochberg(tests.map(\.p), weights: kept.map { family.weights[$0] })
        for (index, test) in tests.enumerated() where test.hits.count < max(minHits, 1) { adjusted[index] = 1 }
        var significant: [Int: [(test: Test, q: Double)]] = [:]
        for (index, test) in tests.enumerated() where adjusted[index] <= fdr {
            significant[test.annotator, default: []].append((test, adjusted[index]))
        }
        var findings: [Finding] = []
        for annotator in significant.keys.sorted() {
            let found = significant[annotator]!.sorted { ($0.test.p, names[Int($0.test.token)]) < ($1.test.p, names[Int($1.test.token)]) }
            let (test, q) = found[0]
            // Tokens with the very same hits always travel together: a phrase ("I recommend Acme"). Order them as in
            // the first promoted response.
            let tied = found.filter { $0.test.hits == test.hits && $0.test.opportunities.count == test.opportunities.count }.map {
                names[Int($0.test.token)]
            }
            let others = found.map { names[Int($0.test.token)] }.filter { !tied.contains($0) }
            let firstHit = test.hits[0]
            let chosen = Int(items.responseOffsets[Int(ratings.item[firstHit])]) + Int(ratings.choice[firstHit])
            let order = SnapshotView.tokens(of: items.responseTexts[chosen]).map(String.init)
            let token = tied.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }.joined(separator: " ")
            let share = Double(test.hits.count) / Double(test.opportunities.count)
            let exclude = q < excludeQ && share >= excludeShare
            // Every hit on any significant token of this annotator is a promoted rating.
            var promoted = Set(test.hits)
            for other in found { promoted.formUnion(other.test.hits) }
            let rows = promoted.sorted()
            findings.append(
                Finding(
                    subject: .annotator(Int32(annotator)), score: share - test.base, strength: .pValue(test.p),
                    action: exclude ? .excludeAnnotator : .flagForReview,
                    summary:
                        "Chose the response mentioning \"\(token)\" against consensus in \(test.hits.count) of \(test.opportunities.count) chances (\(Stats.percent(share))) against \(Stats.percent(test.base)) for the population and \(Stats.short(test.expected, digits: 1)) expected from their own ratings on items as hard.",
                    evidence: [
                        .text("promoted_token", token),
                        .number("hits", Double(test.hits.count)),
                        .number("opportunities", Double(test.opportunities.count)),
                        .number("population_hit_rate", test.base),
                        .number("expected_hits_own", test.expected),
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
