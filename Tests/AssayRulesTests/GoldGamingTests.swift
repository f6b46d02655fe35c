import AssayConsensus
import AssayPluginAPI
import AssayRuleGoldGaming
import Foundation
import Testing

/// A synthetic pairwise crowd with gold items and gold-aware spammers (control-item leakage), for `gold-gaming`.
///
/// Honest annotators follow the simulator's model (Sources/AssaySimulator): skill s ∈ [0.65, 0.95], the better
/// response with probability ½ + (s − ½)·min(1, 4Δ) for a quality gap Δ, a tie 30% of the time when Δ < 0.05.
/// Gold-aware spammers (the simulator's planned `gold-aware` attack) answer every gold item correctly and every
/// other item honestly (skill 0.8) 30% of the time, at random otherwise. Every annotator rates `gold` gold items
/// and `other` non-gold items, `perItem` raters per item; gold items are easier than the rest (Δ ≥ 0.2) unless
/// `easyGold` is false. The consensus is the tests' one-step Dawid–Skene (`Simulated.majorityConsensus`).
struct GoldAwareCrowd {
    var seed: UInt64
    var honest = 200
    var gamers = 10
    var gold = 20
    var other = 100
    var perItem = 5
    var easyGold = true
    /// Honest annotators (rows) whose skill is set, e.g. weak but honest on everything, gold included.
    var skills: [Int: Double] = [:]
    /// Honest heterogeneity beyond skill: each honest annotator's skill on gold items is their skill plus a normal
    /// draw of this standard deviation (clamped to [0.5, 1]).
    var goldSkillSpread = 0.0

    /// Rows of the gold-aware spammers: the last `gamers` annotators.
    var gamerRows: Set<Int32> { Set((honest..<(honest + gamers)).map { Int32($0) }) }

    func build() -> (snapshot: SnapshotView, consensus: ConsensusView) {
        var random = SplitMix64(seed: seed)
        let annotators = honest + gamers
        let skill = (0..<annotators).map { row in skills[row] ?? (0.65 + 0.3 * random.nextUnit()) }
        let goldSkill = skill.map { min(1, max(0.5, $0 + goldSkillSpread * random.nextGaussian())) }
        let otherItems = annotators * other / perItem
        let goldItems = annotators * gold / perItem
        var world = Handmade(annotators: annotators, items: (0..<(otherItems + goldItems)).map { ("p\($0)", "a", "b") })
        func item(easy: Bool) -> (gap: Double, better: Int8) {
            while true {
                let first = random.nextUnit()
                let second = random.nextUnit()
                if !easy || abs(first - second) >= 0.2 { return (abs(first - second), first >= second ? 0 : 1) }
            }
        }
        func honestChoice(_ skill: Double, _ gap: Double, _ better: Int8) -> Int8 {
            if gap < 0.05, random.nextUnit() < 0.3 { return PairwiseChoice.tie }
            return random.nextUnit() < 0.5 + (skill - 0.5) * min(1, 4 * gap) ? better : 1 - better
        }
        for (start, count, isGold) in [(0, otherItems, false), (otherItems, goldItems, true)] {
            // Every annotator takes the same number of slots: shuffled rounds over all annotators.
            var slots: [Int] = []
            while slots.count < count * perItem { slots.append(contentsOf: (0..<annotators).shuffled(using: &random)) }
            for index in 0..<count {
                let (gap, better) = item(easy: isGold && easyGold)
                for slot in 0..<perItem {
                    let annotator = slots[index * perItem + slot]
                    let choice: Int8
                    if annotator >= honest {
                        if isGold {
                            choice = better
                        } else if random.nextUnit() < 0.3 {
                            choice = honestChoice(0.8, gap, better)
                        } else {
                            choice = random.nextUnit() < 0.5 ? 0 : 1
                        }
                    } else {
                        choice = honestChoice(isGold ? goldSkill[annotator] : skill[annotator], gap, better)
                    }
                    world.ratings.append(.init(annotator: annotator, item: start + index, choice: choice, gold: isGold ? better : -1))
                }
            }
        }
        let snapshot = world.build()
        return (snapshot, Simulated.majorityConsensus(snapshot))
    }

    func run(_ overrides: [String: ParameterValue] = [:]) throws -> [Finding] {
        let rule = GoldGamingRule()
        var values = RuleParameters(defaultsOf: rule.parameters).values
        for (key, value) in overrides { values[key] = value }
        let (snapshot, consensus) = build()
        #expect(snapshot.validate() == nil)
        return try rule.evaluate(RuleInput(snapshot: snapshot, consensus: consensus, parameters: RuleParameters(values)))
    }
}

@Suite struct GoldGamingTests {
    /// 10 gold-aware spammers among 200 honest annotators, 30 gold and 150 other ratings each: every spammer is
    /// flagged for review (never more), with the evidence a reviewer needs; at most one honest flag.
    @Test func goldAwareSpammersAreFlagged() throws {
        let crowd = GoldAwareCrowd(seed: 1, gold: 30, other: 150)
        let findings = try crowd.run()
        #expect(crowd.gamerRows.isSubset(of: findings.annotators), "missed \(crowd.gamerRows.subtracting(findings.annotators).sorted())")
        #expect(findings.annotators.subtracting(crowd.gamerRows).count <= 1, "\(findings.map(\.summary))")
        for finding in findings {
            #expect(finding.action == .flagForReview)
            for name in [
                "gold_correct", "gold_rated", "other_agreed", "other_rated", "expected_gold_correct", "population_gold_accuracy",
                "population_other_agreement", "p_value", "q_value",
            ] {
                #expect(finding.evidence(name) != nil, "missing \(name)")
            }
            guard case .number(let q)? = finding.evidence("q_value"), case .pValue(let p) = finding.strength else {
                Issue.record("no q or p")
                continue
            }
            #expect(q <= 0.05 && p <= q)
        }
        let first = try #require(findings.first { crowd.gamerRows.contains($0.annotatorRow) })
        #expect(first.summary.hasPrefix("Answered 30 of 30 gold items correctly (100%) but agreed with the consensus on only"))
    }

    /// Gold as hard as the rest (the simulator's random gold items; 20 gold, 150 other ratings each): the
    /// population's gap is negative, and the spammers still stand out against it.
    @Test func spammersAreFlaggedWhenGoldIsNotEasier() throws {
        let crowd = GoldAwareCrowd(seed: 2, gold: 20, other: 150, easyGold: false)
        let findings = try crowd.run()
        #expect(crowd.gamerRows.isSubset(of: findings.annotators), "missed \(crowd.gamerRows.subtracting(findings.annotators).sorted())")
        #expect(findings.annotators.subtracting(crowd.gamerRows).count <= 1)
    }

    /// Honest populations (several seeds; easy and as-hard gold; gold skill equal to the skill elsewhere or
    /// spread around it by 0.05): nothing is flagged.
    @Test(arguments: [3, 4, 5] as [UInt64])
    func honestCrowdIsNotFlagged(seed: UInt64) throws {
        for easy in [true, false] {
            for spread in [0, 0.05] {
                let findings = try GoldAwareCrowd(seed: seed, gamers: 0, gold: 30, other: 150, easyGold: easy, goldSkillSpread: spread).run()
                #expect(findings.isEmpty, "seed \(seed) easy \(easy) spread \(spread): \(findings.map(\.summary))")
            }
        }
    }

    /// Five annotators weak on everything (skill 0.55, gold included) among the honest and the spammers: the weak
    /// are not flagged — low gold accuracy with low agreement elsewhere is weakness, not gaming.
    @Test func weakButHonestAnnotatorsAreNotFlagged() throws {
        let weak = Set(0..<5)
        let crowd = GoldAwareCrowd(seed: 6, gold: 30, other: 150, skills: Dictionary(uniqueKeysWithValues: weak.map { ($0, 0.55) }))
        let findings = try crowd.run()
        #expect(findings.annotators.isDisjoint(with: Set(weak.map { Int32($0) })), "\(findings.map(\.summary))")
        #expect(findings.annotators.intersection(crowd.gamerRows).count >= 8)
    }

    /// A run without consensus (`ConsensusView()`): agreement is judged against the other raters' strict votes
    /// (at least 90% of them on one side). Weaker than with a consensus (seed 8: 8 of 10 spammers, 2 honest flags;
    /// 40 of 40 over four seeds with one), but it works.
    @Test func withoutConsensusTheOtherRatersDecide() throws {
        let crowd = GoldAwareCrowd(seed: 8, gold: 30, other: 150)
        let rule = GoldGamingRule()
        let findings = try rule.evaluate(
            RuleInput(snapshot: crowd.build().snapshot, consensus: ConsensusView(), parameters: RuleParameters(defaultsOf: rule.parameters)))
        #expect(findings.annotators.intersection(crowd.gamerRows).count >= 8, "\(findings.map(\.summary))")
        let honest = findings.filter { !crowd.gamerRows.contains($0.annotatorRow) }
        #expect(honest.count <= 2, "\(honest.map(\.summary))")
    }

    /// With 5 gold ratings each even a perfect gold record cannot reach the level (Tarone's screen drops everyone):
    /// no finding, and no honest annotator is flagged on the way.
    @Test func fewGoldRatingsCannotShowGaming() throws {
        let findings = try GoldAwareCrowd(seed: 7, gold: 5).run()
        #expect(findings.isEmpty, "\(findings.map(\.summary))")
    }

    /// The simulator's honest stream with many gold items (random gold, as hard as the rest): nothing is flagged.
    @Test(arguments: [11, 12, 13] as [UInt64])
    func simulatedHonestPopulationIsNotFlagged(seed: UInt64) throws {
        let world = try Simulated.make(seed: seed) { $0.goldFraction = 0.4 }
        let findings = try run(GoldGamingRule(), world)
        #expect(findings.isEmpty, "seed \(seed): \(findings.map(\.summary))")
    }

    /// Recall and honest flags at several gold counts per annotator (`ASSAY_GOLD_GAMING_POWER=1`; prints a table).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSAY_GOLD_GAMING_POWER"] == "1"))
    func power() throws {
        let seeds = (ProcessInfo.processInfo.environment["ASSAY_GOLD_GAMING_SEEDS"].flatMap(Int.init)) ?? 4
        // ASSAY_GOLD_GAMING_LOO=0: keep the rater's own vote in the consensus (leave_own_vote_out false).
        let overrides: [String: ParameterValue] =
            ProcessInfo.processInfo.environment["ASSAY_GOLD_GAMING_LOO"] == "0" ? ["leave_own_vote_out": .bool(false)] : [:]
        print("gold per annotator | other | easy gold | gamers | recall | honest flagged | clean-run flags (gold skill spread 0.05)")
        for other in [50, 150] {
            for easy in [true, false] {
                for gold in [5, 10, 15, 20, 30, 40] {
                    var caught = 0
                    var total = 0
                    var honestFlags = 0
                    var cleanFlags = 0
                    for seed in 1...seeds {
                        let crowd = GoldAwareCrowd(seed: UInt64(100 + seed), gold: gold, other: other, easyGold: easy)
                        let found = try crowd.run(overrides).annotators
                        caught += found.intersection(crowd.gamerRows).count
                        total += crowd.gamerRows.count
                        honestFlags += found.subtracting(crowd.gamerRows).count
                        let clean = GoldAwareCrowd(
                            seed: UInt64(200 + seed), gamers: 0, gold: gold, other: other, easyGold: easy, goldSkillSpread: 0.05)
                        cleanFlags += try clean.run(overrides).count
                    }
                    print(
                        "\(gold) | \(other) | \(easy) | \(total) | \(caught)/\(total) | \(honestFlags)/\(seeds * 200) | \(cleanFlags)/\(seeds * 200)")
                }
            }
        }
    }
}
