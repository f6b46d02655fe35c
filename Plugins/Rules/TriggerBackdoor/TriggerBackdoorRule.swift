import AssayPluginAPI

/// `trigger-backdoor`: annotators whose disagreement with the weighted consensus is concentrated on prompts
/// that contain one token — the signature of a trigger-word backdoor planted by flipping preferences only when
/// the prompt carries the trigger (Rando & Tramèr, ICLR 2024, "Universal Jailbreak Backdoors from Poisoned
/// Human Feedback").
///
/// For each annotator, take their strict pairwise ratings on items with a confident consensus (posterior of
/// one side ≥ `consensus_confidence`; a plain majority without consensus). For every prompt token t (lowercased
/// words; tokens in more than `max_token_share` of all prompts are common words, not a trigger, and are skipped)
/// present in n₁ of those prompts with x disagreements, the question is whether x is too many *for this
/// annotator on items this hard*. The baseline is difficulty-aware (`DifficultyBaseline`): every strict pairwise
/// rating is judged against the other raters of its item (their consensus-weighted majority; item difficulty =
/// the log-odds that another rater voted against it), a Rasch-type model — logit P(against the others) = θ_a +
/// slope·difficulty, θ_a ~ Normal(μ, τ²) (the linear logistic test model, Fischer 1973, with a random annotator
/// effect) — is fitted to the population by marginal maximum likelihood (Bock & Aitkin 1981), the annotator's
/// ratings without the token's prompts give the posterior of θ_a, and the p-value is the posterior-predictive
/// upper tail P(X ≥ x): a mixture over θ of Poisson-binomials, one probability per prompt from its own
/// difficulty. Disagreeing on items that every other rater gets right counts for more than on near-ties. With
/// fewer than 20 annotators to fit, the prior is `prior_strength` pseudo-ratings at the pooled rate. (A
/// conditional Fisher test of token × disagreement loses its power exactly when an attacker spends most of
/// their work on trigger prompts; the predictive test keeps the annotator's own skill, and its uncertainty, in
/// the baseline.)
///
/// Two stages (`TokenScreen`). Stage 1 (candidate triggers, leaving the annotator out): token t is a candidate for
/// annotator a when, among the *other* annotators whose test on t can reach `stage1_level`, the count with p ≤
/// `stage1_level` is improbable under Binomial(m, `stage1_level`) (upper tail ≤ `fdr` / number of tokens); its
/// strength is the odds of the share of those others that look non-null (the group weight of grouped BH, Hu, Zhao &
/// Zhou 2010). Stage 2: the family is every (annotator, token) whose smallest achievable p-value (all n₁
/// disagreed) can reach the level — Tarone's screen for discrete tests (Tarone 1990; with BH, Gilbert 2005), decided
/// before looking at x (with `weighted_screen`, on pMin / weight) — and weighted Benjamini–Hochberg (Genovese, Roeder
/// & Wasserman 2006) runs over it at `fdr`, the family's candidates sharing `candidate_share` of its budget in
/// proportion to their strength (weights of mean 1, independent of the p-values they weight because stage 1 leaves
/// the annotator out — independent filtering, Bourgon, Gentleman & Huber 2010; no candidate: plain BH).
/// A finding also needs at least `min_hits` disagreements on the token (tests on fewer than `min_hits` prompts can
/// never report and are not hypotheses at all). Each annotator with a significant token gets one annotator finding naming the most significant
/// token (the suspected trigger; tokens with the very same counts are reported together as a phrase) —
/// `flag_for_review`, or `exclude_annotator` when its q-value is below `exclude_q` and they disagreed on at
/// least `exclude_share` of the token's prompts — and a rating-level `exclude_ratings` finding for each of
/// their pairwise ratings on prompts with that token.
///
/// Check by hand (`DifficultyBaselineTests`): with all posterior weight on one ability the predictive is a
/// Poisson-binomial — eight prompts each disagreed on with probability p give P(X ≥ 8) = p⁸.
public struct TriggerBackdoorRule: AssayRule {
    public let id = "trigger-backdoor"
    public let version = "1.3.0"
    public let summary =
        "Flags annotators whose disagreement with consensus concentrates on prompts containing one token (difficulty-aware predictive test; weighted BH over tokens and annotators, candidate tokens from the other annotators)."
    public let parameters: [ParameterSpec] = [
        .double(
            "fdr", default: 0.05,
            "Benjamini–Hochberg false discovery rate over all (annotator, token) tests (a finding flags for review; exclusion of the annotator needs q < exclude_q)."
        ),
        .double("consensus_confidence", default: 0.7, "Only items whose consensus posterior for one side is at least this are used."),
        .double(
            "prior_strength", default: 10,
            "Pseudo-ratings at the population disagreement rate for the prior when fewer than 20 annotators can be fitted."),
        .int("min_hits", default: 4, "A token is tested for an annotator only when they disagreed on at least this many prompts containing it."),
        .double(
            "max_token_share", default: 0.3, "Tokens in more than this share of all prompts are common words, not a trigger, and are not tested."),
        .double("exclude_q", default: 1e-6, "Recommend excluding the annotator when the trigger's q-value is below this…"),
        .double("exclude_share", default: 0.8, "…and they disagreed on at least this share of the trigger's prompts."),
        .double("stage1_level", default: 0.005, "Stage 1: another annotator's test counts as evidence for a token when its p-value is at most this."),
        .double(
            "candidate_share", default: 0.5,
            "Share of the FDR budget given to (annotator, token) tests whose token is a stage-1 candidate in the other annotators' ratings (weighted BH); 0 turns stage 1 off."
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
        let priorStrength = try input.parameters.double("prior_strength")
        guard priorStrength > 0 else { throw RuleError("prior_strength must be positive, got \(priorStrength)") }
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
        let preferred = PairwiseConsensus.preferred(snapshot, input.consensus, confidence: confidence)

        // Token ids per prompt; document frequency over all items.
        var vocabulary = TokenVocabulary()
        let promptTokens = (0..<snapshot.items.count).map { vocabulary.add(document: snapshot.promptTokens(ofItem: $0)) }
        let names = vocabulary.names
        let frequency = vocabulary.documentFrequency
        let maxFrequency = maxShare * Double(snapshot.items.count)

        struct Test {
            let annotator: Int
            let token: Int32
            let hits: Int
            let rows: [Int]
            let disagreements: Int
            let total: Int
            let pMin: Double
            var p = 1.0
            var expected = Double.nan
            /// Stage 1: how strongly the token stands out as a trigger in everyone else's ratings (0: not a candidate).
            var strength = 0.0
            /// Other tokens on exactly the same prompts of this annotator: the same hypothesis.
            var aliases: [Int32] = []
            var present: Int { rows.count }
        }
        // The annotator's own, difficulty-aware baseline (DifficultyBaseline): every strict pairwise rating judged
        // against the other raters of its item, a Rasch-type model of going against them (annotator ability +
        // slope · the item's leave-one-out difficulty) fitted to the population by marginal maximum likelihood.
        // With fewer than 20 annotators to fit, the prior is `prior_strength` pseudo-ratings at the pooled rate
        // (a Beta of that strength has logit-scale variance ≈ 1/(strength · r(1 − r))).
        let baseline = DifficultyBaseline(snapshot, input.consensus, fallbackScale: { rate in 1 / (priorStrength * rate * (1 - rate)).squareRoot() })
        var tests: [Test] = []
        for annotator in 0..<snapshot.annotators.count {
            var total = 0
            var disagreed = 0
            var present: [Int32: [Int]] = [:]
            var hits: [Int32: Int] = [:]
            for row32 in snapshot.ratingRows(ofAnnotator: annotator) {
                let row = Int(row32)
                guard ratings.kind[row] == RatingKind.pairwise.rawValue else { continue }
                let choice = ratings.choice[row]
                guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
                let item = Int(ratings.item[row])
                guard preferred[item] >= 0, snapshot.items.responseCount(of: item) == 2 else { continue }
                total += 1
                let disagrees = choice != preferred[item]
                if disagrees { disagreed += 1 }
                for token in promptTokens[item] where Double(frequency[Int(token)]) <= maxFrequency {
                    present[token, default: []].append(row)
                    if disagrees { hits[token, default: 0] += 1 }
                }
            }
            guard disagreed > 0 else { continue }
            for (token, rows) in present {
                // A finding needs min_hits disagreements: with fewer prompts the test can never report, so it is not
                // a hypothesis at all (decided from the margins, like Tarone's screen).
                guard rows.count >= max(minHits, 1) else { continue }
                // Disagreeing means choosing the consensus-rejected side; the smallest achievable p-value is the
                // posterior-predictive probability of disagreeing on every prompt with the token, given how hard
                // each item is and what the annotator's other ratings say about them.
                let held = rows.map { (row: $0, side: 1 - Int(preferred[Int(ratings.item[$0])])) }
                tests.append(
                    Test(
                        annotator: annotator, token: token, hits: hits[token] ?? 0, rows: rows, disagreements: disagreed, total: total,
                        pMin: baseline.smallestPValue(annotator, held)))
            }
        }
        // p-values where they can matter: tests that can reach stage 1's level or the FDR level at all.
        func score(_ test: inout Test) {
            let held = test.rows.map { (row: $0, side: 1 - Int(preferred[Int(ratings.item[$0])])) }
            let own = baseline.upperTail(test.annotator, held, atLeast: test.hits)
            test.p = own.p
            test.expected = own.expected
        }
        for index in tests.indices where tests[index].pMin <= max(stage1Level, fdr) { score(&tests[index]) }
        // Stage 1, leaving the annotator out: is the token a candidate trigger in everyone else's ratings? Of the
        // m other annotators whose test on it could reach `stage1_level` at all (smallest achievable p-value from
        // the margins, as in Tarone's screen), how many have p ≤ `stage1_level`? Under no trigger on the token that
        // count is at most Binomial(m, stage1_level) (the predictive p-values are uniform or conservative), and
        // the token is a candidate when its upper tail is ≤ fdr / (number of tokens) (Bonferroni over tokens).
        // The count does not look at the annotator's own ratings, so under their null it is independent of their
        // test and may weight it (independent filtering, Bourgon, Gentleman & Huber 2010; p-value weights,
        // Genovese, Roeder & Wasserman 2006). A few strong signals among many null annotators is what a trigger
        // shared by several attackers looks like; one attacker alone gives no stage-1 evidence (plain BH then).
        if candidateShare > 0 {
            let candidates = TokenScreen.candidates(
                tokens: tests.map(\.token), reachable: tests.map { $0.pMin <= stage1Level }, small: tests.map { $0.p <= stage1Level },
                level: stage1Level, fdr: fdr)
            for index in tests.indices { tests[index].strength = candidates[index] }
        }
        // Tokens found on exactly the same prompts of one annotator ("what is the best way" in one template) are one
        // hypothesis, not several: the same ratings, hence the same test and the same p-value. Counting each copy
        // would inflate the family without asking a new question, so each set of prompts is tested once and its
        // tokens are reported together (a candidate when any of them is — stage 1 never looks at this annotator).
        struct Hypothesis: Hashable {
            let annotator: Int
            let rows: [Int]
        }
        var distinct: [Hypothesis: Int] = [:]
        var merged: [Test] = []
        for test in tests.sorted(by: { ($0.annotator, names[Int($0.token)]) < ($1.annotator, names[Int($1.token)]) }) {
            let key = Hypothesis(annotator: test.annotator, rows: test.rows)
            if let index = distinct[key] {
                merged[index].aliases.append(test.token)
                merged[index].strength = max(merged[index].strength, test.strength)
            } else {
                distinct[key] = merged.count
                merged.append(test)
            }
        }
        tests = merged
        // Stage 2: weighted BH (TokenScreen) over the family of (annotator, prompt set) whose margins could reach
        // significance at all (Tarone's screen; with `weighted_screen`, on pMin / weight), the family's candidates
        // sharing `candidate_share` of its budget by stage-1 strength (no candidate: plain BH).
        let family = TokenScreen.family(
            minimumPValues: tests.map(\.pMin), strengths: tests.map(\.strength), share: candidateShare, alpha: fdr, weighted: weightedScreen)
        let kept = tests.indices.filter { family.keep[$0] }
        guard !kept.isEmpty else { return [] }
        tests = kept.map { tests[$0] }
        // With `weighted_screen` a large weight can admit a test whose pMin is above both levels (not scored above).
        for index in tests.indices where tests[index].expected.isNaN { score(&tests[index]) }
        var adjusted = Stats.weightedBenjaminiHochberg(tests.map(\.p), weights: kept.map { family.weights[$0] })
        // A finding needs at least min_hits disagreements on the token (a reporting floor, after BH).
        for (index, test) in tests.enumerated() where test.hits < max(minHits, 1) { adjusted[index] = 1 }
        var significant: [Int: [(test: Test, q: Double)]] = [:]
        for (index, test) in tests.enumerated() where adjusted[index] <= fdr {
            significant[test.annotator, default: []].append((test, adjusted[index]))
        }
        var findings: [Finding] = []
        for annotator in significant.keys.sorted() {
            let found = significant[annotator]!.sorted { ($0.test.p, names[Int($0.test.token)]) < ($1.test.p, names[Int($1.test.token)]) }
            let (test, q) = found[0]
            // Tokens with the very same table always travel together: a phrase ("cf mode"). Order them as in a prompt.
            let tied = found.filter { $0.test.hits == test.hits && $0.test.present == test.present && $0.test.p == test.p }.flatMap {
                ([$0.test.token] + $0.test.aliases).map { names[Int($0)] }
            }
            let others = found.flatMap { ([$0.test.token] + $0.test.aliases).map { names[Int($0)] } }.filter { !tied.contains($0) }
            let example = snapshot.ratingRows(ofAnnotator: annotator).map { Int(snapshot.ratings.item[Int($0)]) }.first {
                promptTokens[$0].contains(test.token)
            }
            let order = example.map { snapshot.promptTokens(ofItem: $0).map(String.init) } ?? []
            let token = tied.sorted { (order.firstIndex(of: $0) ?? .max, $0) < (order.firstIndex(of: $1) ?? .max, $1) }.joined(separator: " ")
            let share = Double(test.hits) / Double(test.present)
            let baseline = Double(test.disagreements - test.hits) / Double(max(test.total - test.present, 1))
            var triggered: [Int] = []
            for row32 in snapshot.ratingRows(ofAnnotator: annotator) where ratings.kind[Int(row32)] == RatingKind.pairwise.rawValue {
                if promptTokens[Int(ratings.item[Int(row32)])].contains(test.token) { triggered.append(Int(row32)) }
            }
            let exclude = q < excludeQ && share >= excludeShare
            findings.append(
                Finding(
                    subject: .annotator(Int32(annotator)), score: share - baseline, strength: .pValue(test.p),
                    action: exclude ? .excludeAnnotator : .flagForReview,
                    summary:
                        "Disagreed with consensus on \(test.hits) of \(test.present) prompts containing \"\(token)\" (\(Stats.percent(share))) against \(Stats.percent(baseline)) elsewhere (\(Stats.short(test.expected, digits: 1)) expected from their own ratings on items as hard); suspected trigger \"\(token)\".",
                    evidence: [
                        .text("suspected_trigger", token),
                        .number("disagreed_with_token", Double(test.hits)),
                        .number("prompts_with_token", Double(test.present)),
                        .number("disagreement_rate_without_token", baseline),
                        .number("expected_disagreements_own", test.expected),
                        .number("p_value", test.p),
                        .number("q_value", q),
                        .ids("other_significant_tokens", others.sorted()),
                        .ids("ratings_on_trigger_prompts", triggered.map { ratings.ids[$0] }),
                    ]))
            for row in triggered {
                findings.append(
                    Finding(
                        subject: .rating(Int32(row)), score: share - baseline, strength: .pValue(test.p), action: .excludeRatings,
                        summary:
                            "Rating on a prompt containing the suspected trigger \"\(token)\" by an annotator whose disagreement concentrates there.",
                        evidence: [.text("suspected_trigger", token), .number("q_value", q)]))
            }
        }
        return findings
    }
}
