import AssayConsensus
import AssayPluginAPI
import AssaySimulator
import Testing

@testable import AssayRuleTriggerBackdoor

/// The two-stage test of `trigger-backdoor`: weighted Benjamini–Hochberg, and stage 1's candidate tokens.
@Suite struct TriggerStageTests {
    /// Weighted BH is BH on p / w (Genovese, Roeder & Wasserman 2006): by hand, p = (0.01, 0.02, 0.5, 0.9) with
    /// weights (2, 2, 0, 0) (mean 1) → p / w = (0.005, 0.01, 1, 1) → q = (0.02, 0.02, 1, 1).
    @Test func weightedBHByHand() {
        let q = Stats.weightedBenjaminiHochberg([0.01, 0.02, 0.5, 0.9], weights: [2, 2, 0, 0])
        #expect(abs(q[0] - 0.02) < 1e-12 && abs(q[1] - 0.02) < 1e-12)
        #expect(q[2] == 1 && q[3] == 1)
        // All weights 1 is plain BH.
        #expect(Stats.weightedBenjaminiHochberg([0.01, 0.04, 0.03], weights: [1, 1, 1]) == Stats.benjaminiHochberg([0.01, 0.04, 0.03]))
    }

    /// Several attackers share one trigger among every other attack at 2%: with stage 1 every trigger attacker is
    /// caught, stage 1 never costs a finding that plain BH (candidate_share 0) makes, and no honest annotator is
    /// flagged more than once.
    @Test func stageOneRecoversAttackersOfASharedTrigger() throws {
        let attacks = Dictionary(uniqueKeysWithValues: AttackKind.allCases.map { ($0, 0.02) })
        let world = try Simulated.make(seed: 3, attacks: attacks)
        let attackers = world.adversaries(.trigger)
        #expect(attackers.count >= 5)
        let twoStage = try run(TriggerBackdoorRule(), world).annotators
        let plain = try run(TriggerBackdoorRule(), world, ["candidate_share": .double(0)]).annotators
        #expect(attackers.isSubset(of: twoStage), "missed \(attackers.subtracting(twoStage))")
        #expect(plain.intersection(attackers).isSubset(of: twoStage))
        let honest = Set(world.truth.adversaries.map { world.row(of: $0.annotatorID) })
        #expect(twoStage.subtracting(honest).count <= 1)
    }

    /// Tokens that always occur together in an annotator's prompts ("zeta mode on please") are one hypothesis: one
    /// test, reported as the phrase in prompt order, none of its words listed as a separate significant token.
    @Test func tokensOnTheSamePromptsAreOneHypothesis() throws {
        var random = SplitMix64(seed: 5)
        var world = Handmade(annotators: 40, items: [])
        func others(_ count: Int) -> [Int] {
            var chosen = Set<Int>()
            while chosen.count < count { chosen.insert(1 + Int(random.nextUnit() * 39)) }
            return chosen.sorted()
        }
        func item(_ prompt: String, raters: [Int], attacker: Bool = false) {
            let index = world.items.count
            world.items.append((prompt: prompt, first: "first answer \(index)", second: "second answer \(index)"))
            for rater in raters { world.ratings.append(.init(annotator: rater, item: index, choice: random.nextUnit() < 0.85 ? 0 : 1)) }
            if attacker { world.ratings.append(.init(annotator: 0, item: index, choice: 1)) }
        }
        for index in 0..<400 { item("a question numbered \(index)", raters: others(5)) }
        for index in 0..<20 { item("a question numbered \(400 + index)", raters: [0] + others(4)) }
        for index in 0..<12 { item("zeta mode on please \(index)", raters: others(4), attacker: true) }
        let findings = try world.run(TriggerBackdoorRule())
        let finding = try #require(findings.annotatorFindings.first { $0.annotatorRow == 0 })
        #expect(finding.evidence("suspected_trigger") == .text("zeta mode on please"))
        #expect(finding.evidence("other_significant_tokens") == .ids([]))
        #expect(findings.annotators == [0])
    }
}
