import AssayPluginAPI
import AssayRuleCollusionRings
import AssayRuleDuplicates
import AssayRuleEntityPromotion
import AssayRuleGold
import AssayRuleGoldGaming
import AssayRuleLengthBias
import AssayRuleShownPosition
import AssayRuleSpeed
import AssayRuleStraightLining
import AssayRuleSybilBurst
import AssayRuleTriggerBackdoor
import Testing

/// Every built-in rule, by id.
let allRules: [String: any AssayRule] = Dictionary(
    uniqueKeysWithValues: ([
        DuplicatesRule(), SpeedRule(), ShownPositionRule(), StraightLiningRule(), LengthBiasRule(), GoldRule(), GoldGamingRule(),
        CollusionRingsRule(), TriggerBackdoorRule(), EntityPromotionRule(), SybilBurstRule(),
    ] as [any AssayRule]).map { ($0.id, $0) })

/// Honest populations of 200 annotators (several seeds): no rule may recommend any exclusion.
@Suite struct CleanPopulationTests {
    static let worlds: [Simulated] = [11, 12, 13].map { try! Simulated.make(seed: $0) }

    @Test(arguments: allRules.keys.sorted())
    func honestPopulationIsNotExcluded(rule id: String) throws {
        let rule = allRules[id]!
        for world in Self.worlds {
            #expect(world.snapshot.validate() == nil)
            #expect(world.snapshot.annotators.count == 200)
            let findings = try run(rule, world)
            let exclusions = findings.filter { $0.action == .excludeAnnotator || $0.action == .excludeRatings }
            #expect(exclusions.isEmpty, "\(id) seed \(world.truth.seed): \(exclusions.prefix(3).map(\.summary))")
            // Flags for review stay rare (≤ 1% of honest annotators), as the FDR levels promise.
            #expect(
                findings.annotators.count <= 2,
                "\(id) seed \(world.truth.seed) flagged \(findings.annotators.count): \(findings.annotatorFindings.prefix(3).map(\.summary))")
        }
    }

    @Test func rulesDeclareValidSchemas() {
        for (id, rule) in allRules {
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" })
            #expect(Set(rule.parameters.map(\.name)).count == rule.parameters.count)
            for spec in rule.parameters { #expect(spec.defaultValue.type == spec.type, "\(id).\(spec.name)") }
        }
    }
}
