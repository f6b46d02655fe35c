@testable import AssayRuleTriggerBackdoor
import AssayPluginAPI
import AssaySimulator
import Testing

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
}
