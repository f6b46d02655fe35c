import AssayConsensus
import AssayPluginAPI
import AssaySimulator
import Testing

@testable import AssayRuleEntityPromotion

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The difficulty-aware own baseline shared by `entity-promotion` and `trigger-backdoor`: the Rasch-type model's
/// fit, its posterior-predictive tail, and that disagreeing on items every other rater gets right counts for more.
@Suite struct DifficultyBaselineTests {
    /// Marginal maximum likelihood recovers the population's parameters from data drawn from the model:
    /// θ ~ Normal(−1, 0.6²), slope 1, 400 annotators with 40 ratings each on difficulties −2.5 … 0.
    @Test func fitRecoversTheModel() throws {
        var random = SplitMix64(seed: 7)
        let difficulties = [-2.5, -2.0, -1.5, -1.0, -0.5, 0.0]
        var annotators: [[(x: Double, n: Int, k: Int)]] = []
        for _ in 0..<400 {
            // Box–Muller normal.
            let normal = (-2 * log(max(random.nextUnit(), 1e-300))).squareRoot() * cos(2 * Double.pi * random.nextUnit())
            let theta = -1 + 0.6 * normal
            var counts = difficulties.map { (x: $0, n: 0, k: 0) }
            for _ in 0..<40 {
                let level = Int(random.nextUnit() * Double(difficulties.count))
                counts[level].n += 1
                if random.nextUnit() < 1 / (1 + exp(-(theta + difficulties[level]))) { counts[level].k += 1 }
            }
            annotators.append(counts.filter { $0.n > 0 })
        }
        let model = try #require(DisagreementModel.fit(annotators))
        #expect(abs(model.mean + 1) < 0.2, "mean \(model.mean)")
        #expect(abs(model.scale - 0.6) < 0.2, "scale \(model.scale)")
        #expect(abs(model.slope - 1) < 0.2, "slope \(model.slope)")
        // Too few annotators to estimate a spread: no fit.
        #expect(DisagreementModel.fit(Array(annotators.prefix(10))) == nil)
    }

    /// With all posterior weight on one ability the predictive is a Poisson-binomial: binomial when the ratings are
    /// alike, and by enumeration when they differ.
    @Test func predictiveIsAPoissonBinomialMixture() {
        let grid = DisagreementModel.grid.count
        let g = 30
        var weights = [Double](repeating: 0, count: grid)
        weights[g] = 1
        let model = DisagreementModel(mean: 0, scale: 1, slope: 1)
        let easy = model.logProbabilities(x: -2).yes
        let hard = model.logProbabilities(x: 0).yes
        let p = exp(easy[g])
        let alike = DisagreementModel.predictive(weights: weights, held: Array(repeating: easy, count: 8))
        for k in 0...8 { #expect(abs(DisagreementModel.upperTail(alike, atLeast: k) - Stats.binomialUpper(k, trials: 8, p: p)) < 1e-12) }
        #expect(abs(DisagreementModel.allDisagree(weights: weights, held: Array(repeating: easy, count: 8)) - pow(p, 8)) < 1e-15)
        // Two easy and one hard rating, enumerated.
        let q = exp(hard[g])
        let mixed = DisagreementModel.predictive(weights: weights, held: [easy, easy, hard])
        #expect(abs(mixed[3] - p * p * q) < 1e-15)
        #expect(abs(mixed[0] - (1 - p) * (1 - p) * (1 - q)) < 1e-15)
        #expect(abs(mixed[1] - (2 * p * (1 - p) * (1 - q) + (1 - p) * (1 - p) * q)) < 1e-15)
        // A mixture over two abilities is the weighted mixture of the two distributions.
        weights[g] = 0.25
        weights[g + 10] = 0.75
        let single = DisagreementModel.predictive(weights: weights, held: [easy])
        #expect(abs(single[1] - (0.25 * p + 0.75 * exp(easy[g + 10]))) < 1e-15)
        #expect(abs(DisagreementModel.convolve([0.5, 0.5], [0.25, 0.75]).reduce(0, +) - 1) < 1e-15)
    }

    /// The same annotator, the same counts: eight disagreements on items every other rater got right are far less
    /// expected than eight on items the others split on — the pooled rate would treat them alike.
    @Test func disagreeingOnEasyItemsCountsForMore() throws {
        var random = SplitMix64(seed: 11)
        let annotators = 80
        var world = Handmade(annotators: annotators, items: [])
        /// Adds an item rated by `raters` honest annotators who pick the better side (0) with probability `skill`.
        func item(easy: Bool, raters: [Int]) -> Int {
            let index = world.items.count
            world.items.append((prompt: "prompt \(index)", first: "answer one \(index)", second: "answer two \(index)"))
            for rater in raters {
                let wrong = random.nextUnit() < (easy ? 0.05 : 0.4)
                world.ratings.append(.init(annotator: rater, item: index, choice: wrong ? 1 : 0))
            }
            return index
        }
        func others(_ count: Int) -> [Int] {
            var chosen = Set<Int>()
            while chosen.count < count { chosen.insert(1 + Int(random.nextUnit() * Double(annotators - 1))) }
            return chosen.sorted()
        }
        // The honest population: 1,200 items, half easy, half hard, five raters each.
        for index in 0..<1200 { _ = item(easy: index % 2 == 0, raters: others(5)) }
        // Annotator 0: eight disagreements on easy items whose four other raters agreed, eight on hard items whose
        // others were split 2–2 plus one, and twenty ordinary ratings.
        func target(easy: Bool) -> Int {
            let index = world.items.count
            world.items.append((prompt: "target \(index)", first: "answer one \(index)", second: "answer two \(index)"))
            let raters = others(4)
            for (position, rater) in raters.enumerated() {
                let wrong = easy ? false : position < 2
                world.ratings.append(.init(annotator: rater, item: index, choice: wrong ? 1 : 0))
            }
            if !easy { world.ratings.append(.init(annotator: others(1)[0], item: index, choice: 0)) }
            world.ratings.append(.init(annotator: 0, item: index, choice: 1))
            return world.ratings.count - 1
        }
        let easyRows = (0..<8).map { _ in target(easy: true) }
        let hardRows = (0..<8).map { _ in target(easy: false) }
        for index in 0..<20 { _ = item(easy: index % 2 == 0, raters: [0] + others(4)) }
        let snapshot = world.build()
        #expect(snapshot.validate() == nil)
        let baseline = DifficultyBaseline(snapshot, ConsensusView())
        let model = try #require(baseline.models.first)
        #expect(model.slope > 0.5, "harder items draw more disagreement: slope \(model.slope)")
        let easy = baseline.upperTail(0, easyRows.map { ($0, 1) }, atLeast: 8)
        let hard = baseline.upperTail(0, hardRows.map { ($0, 1) }, atLeast: 8)
        #expect(easy.p < hard.p / 100, "easy \(easy.p) vs hard \(hard.p)")
        #expect(easy.expected < hard.expected)
        // The smallest achievable p-value is the probability of all eight.
        #expect(abs(baseline.smallestPValue(0, easyRows.map { ($0, 1) }) - easy.p) < 1e-12)
    }

    /// Every attack at 2% at once (seed 3): with the difficulty-aware baseline every entity adversary is found,
    /// naming the entity — the own-rate test against a pooled rate missed two of them here (Docs/detection.md).
    @Test func entityAdversariesAmongEveryAttackAreFound() throws {
        let attacks = Dictionary(uniqueKeysWithValues: AttackKind.allCases.map { ($0, 0.02) })
        let world = try Simulated.make(seed: 3, attacks: attacks)
        let promoters = world.adversaries(.entity)
        #expect(promoters.count >= 5)
        let findings = try run(EntityPromotionRule(), world)
        #expect(promoters.isSubset(of: findings.annotators), "missed \(promoters.subtracting(findings.annotators))")
        for finding in findings.annotatorFindings where promoters.contains(finding.annotatorRow) {
            guard case .text(let phrase)? = finding.evidence("promoted_token") else {
                Issue.record("no token")
                continue
            }
            #expect(phrase.contains("zentrix"))
            #expect(finding.evidence("expected_hits_own") != nil)
        }
        let adversaries = Set(world.truth.adversaries.map { world.row(of: $0.annotatorID) })
        #expect(findings.annotators.subtracting(adversaries).count <= 1)
    }

    /// Every attack at 2%, seed 1: the two stages (`TokenScreen`) never lose a promoter that plain BH
    /// (`candidate_share` 0) finds, with the plain or the weighted screen, and flag at most one annotator who is not
    /// an adversary. (This harness's consensus is simpler than a cleaning run's; Docs/detection.md has the full runs.)
    @Test func twoStagesKeepWhatPlainBHFinds() throws {
        let attacks = Dictionary(uniqueKeysWithValues: AttackKind.allCases.map { ($0, 0.02) })
        let world = try Simulated.make(seed: 1, attacks: attacks)
        let promoters = world.adversaries(.entity)
        #expect(promoters.count >= 5)
        let twoStage = try run(EntityPromotionRule(), world).annotators
        let plain = try run(EntityPromotionRule(), world, ["candidate_share": .double(0)]).annotators
        let weighted = try run(EntityPromotionRule(), world, ["weighted_screen": .bool(true)]).annotators
        #expect(!plain.intersection(promoters).isEmpty)
        #expect(plain.intersection(promoters).isSubset(of: twoStage))
        #expect(plain.intersection(promoters).isSubset(of: weighted))
        let adversaries = Set(world.truth.adversaries.map { world.row(of: $0.annotatorID) })
        #expect(twoStage.subtracting(adversaries).count <= 1 && weighted.subtracting(adversaries).count <= 1)
    }
}
