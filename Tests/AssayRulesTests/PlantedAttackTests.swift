import AssayPluginAPI
import AssayRuleCollusionRings
import AssayRuleDuplicates
import AssayRuleEntityPromotion
import AssayRuleGold
import AssayRuleLengthBias
import AssayRuleShownPosition
import AssayRuleSpeed
import AssayRuleStraightLining
import AssayRuleSybilBurst
import AssayRuleTriggerBackdoor
import AssaySimulator
import Testing

/// One simulated attack at a time (2% of ratings unless stated): the rule built for it catches every adversary
/// of the kind with the right evidence, and recommends no exclusion of an honest annotator.
@Suite struct PlantedAttackTests {
    static func world(_ kind: AttackKind, rate: Double = 0.02, seed: UInt64 = 21) -> Simulated {
        try! Simulated.make(seed: seed, attacks: [kind: rate])
    }

    func honestExcluded(_ findings: [Finding], _ world: Simulated) -> Set<Int32> {
        let adversaries = Set(world.truth.adversaries.map { world.row(of: $0.annotatorID) })
        return findings.excludedAnnotators.subtracting(adversaries)
    }

    @Test func spammersAreCaughtBySpeed() throws {
        let world = Self.world(.spam)
        let findings = try run(SpeedRule(), world)
        let spammers = world.adversaries(.spam)
        #expect(!spammers.isEmpty)
        #expect(spammers.isSubset(of: findings.annotators))
        #expect(findings.annotators.subtracting(spammers).count <= 1)
        #expect(findings.allSatisfy { $0.evidence("median_ms_per_1000_chars") != nil })
    }

    @Test func positionBiasIsCaught() throws {
        let world = Self.world(.position)
        let findings = try run(ShownPositionRule(), world)
        let biased = world.adversaries(.position)
        #expect(biased.isSubset(of: findings.excludedAnnotators))
        #expect(findings.annotators.subtracting(biased).isEmpty)
    }

    @Test func lengthBiasIsCaught() throws {
        let world = Self.world(.length)
        let findings = try run(LengthBiasRule(), world)
        let biased = world.adversaries(.length)
        #expect(!biased.isEmpty)
        #expect(biased.isSubset(of: findings.annotators), "missed \(biased.subtracting(findings.annotators))")
        #expect(findings.annotators.subtracting(biased).count <= 1)
        let poisoned = Set(world.truth.poisoned.map(\.ratingID))
        let excluded = Set(findings.ratings.map { world.snapshot.ratings.ids[Int($0)] })
        #expect(Double(poisoned.intersection(excluded).count) >= 0.9 * Double(poisoned.count))
        #expect(honestExcluded(findings, world).isEmpty)
    }

    @Test func collusionRingIsFoundWithMembersAndSharedItems() throws {
        let world = Self.world(.ring)
        let findings = try run(CollusionRingsRule(), world)
        let ring = world.adversaries(.ring)
        #expect(!ring.isEmpty)
        #expect(ring.isSubset(of: findings.excludedAnnotators), "missed \(ring.subtracting(findings.excludedAnnotators))")
        #expect(honestExcluded(findings, world).isEmpty)
        let first = try #require(findings.first { ring.contains($0.annotatorRow) })
        guard case .ids(let members)? = first.evidence("ring_members"), case .ids(let shared)? = first.evidence("shared_items") else {
            Issue.record("ring evidence missing")
            return
        }
        #expect(members.count >= 3)
        #expect(Set(members).isSubset(of: Set(world.truth.adversaries.map(\.annotatorID))))
        #expect(shared.count >= 5)
    }

    @Test func triggerBackdoorNamesTheTrigger() throws {
        let world = Self.world(.trigger, rate: 0.01)
        let findings = try run(TriggerBackdoorRule(), world)
        let attackers = world.adversaries(.trigger)
        #expect(!attackers.isEmpty)
        #expect(attackers.isSubset(of: findings.annotators), "missed \(attackers.subtracting(findings.annotators))")
        #expect(findings.annotators.subtracting(attackers).count <= 1)
        for finding in findings.annotatorFindings {
            #expect(finding.evidence("suspected_trigger") == .text("sudo"))
        }
        #expect(honestExcluded(findings, world).isEmpty)
    }

    @Test func entityPromotionNamesTheEntity() throws {
        let world = Self.world(.entity)
        let findings = try run(EntityPromotionRule(), world)
        let promoters = world.adversaries(.entity)
        #expect(!promoters.isEmpty)
        #expect(promoters.isSubset(of: findings.annotators), "missed \(promoters.subtracting(findings.annotators))")
        #expect(findings.annotators.subtracting(promoters).count <= 1)
        for finding in findings.annotatorFindings where promoters.contains(finding.annotatorRow) {
            guard case .text(let phrase)? = finding.evidence("promoted_token") else {
                Issue.record("no token")
                continue
            }
            #expect(phrase.contains("zentrix"))
        }
        #expect(honestExcluded(findings, world).isEmpty)
    }

    @Test func sybilBurstIsExcluded() throws {
        let world = Self.world(.sybil)
        let findings = try run(SybilBurstRule(), world)
        let sybils = world.adversaries(.sybil)
        #expect(!sybils.isEmpty)
        #expect(sybils.isSubset(of: findings.excludedAnnotators), "missed \(sybils.subtracting(findings.excludedAnnotators))")
        #expect(honestExcluded(findings, world).isEmpty)
    }

    @Test func replayedRatingsCountOnce() throws {
        let world = Self.world(.replay)
        let findings = try run(DuplicatesRule(), world)
        let replayers = world.adversaries(.replay)
        #expect(replayers.isSubset(of: findings.annotators))
        #expect(findings.annotators.subtracting(replayers).isEmpty)
        // Two of every three poisoned copies are repeats and are excluded; the first of each is kept.
        let poisoned = world.truth.poisoned.count
        #expect(findings.ratings.count == poisoned / 3 * 2)
    }
}
