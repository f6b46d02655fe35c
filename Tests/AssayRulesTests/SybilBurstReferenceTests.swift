import AssayPluginAPI
import AssayRuleSybilBurst
import Testing

/// `sybil-burst`'s "against everyone else" test when several bursts share items (issue 12: every attack at 10% at
/// once, where version 1.1 missed 18 of 66 sybils on seed 2 because the other adversaries on their items decided
/// the "others' majority").
@Suite struct SybilBurstReferenceTests {
    /// 40 long-running honest annotators rate 60 items, five each, 80% on the better response `a`. Two bursts of six
    /// fresh accounts, three hours apart (so never linked into one group), each put `b` on the same nine items within
    /// ten minutes. Version 1.1 measured each burst against everyone outside it — the other burst included, which
    /// outvotes the five honest raters — and found neither; version 1.2 leaves every burst's members out of the
    /// reference and finds both. Honest annotators are not fresh and never reported.
    @Test func burstsSharingItemsDoNotVouchForEachOther() throws {
        let honest = 40
        var world = Handmade(annotators: honest + 12, items: (0..<60).map { ("p\($0)", "short", "longer") })
        let hour: Int64 = 3_600_000
        for item in 0..<60 {
            for k in 0..<5 {
                let annotator = (item * 5 + k) % honest
                let choice: Int8 = (annotator + item) % 5 == 0 ? 1 : 0
                world.ratings.append(.init(annotator: annotator, item: item, choice: choice, time: Int64(item) * 3 * hour + Int64(k) * 60_000))
            }
        }
        for burst in 0..<2 {
            let start = 400 * hour + Int64(burst) * 3 * hour
            for member in 0..<6 {
                for item in 0..<9 {
                    world.ratings.append(
                        .init(annotator: honest + burst * 6 + member, item: item, choice: 1, time: start + Int64(member * 9 + item) * 10_000))
                }
            }
        }
        let findings = try world.run(SybilBurstRule())
        #expect(findings.excludedAnnotators == Set(Int32(honest)..<Int32(honest + 12)))
        let finding = try #require(findings.annotatorFindings.first)
        #expect(finding.evidence("against_others_share") == .number(1))
    }

    /// A replayed batch does not count twice in the reference: one honest annotator's vote on an item, submitted five
    /// times, is one vote. Six fresh accounts vote `b` on nine items where three honest raters vote `a`; a seventh,
    /// long-running account votes `b` on each of them five times over. Counted per rating, the replays make `b` the
    /// others' majority (5 against 3) and the burst goes free; counted per annotator it is `a` (3 against 1).
    @Test func replaysCountOnceInTheReference() throws {
        var world = Handmade(annotators: 20, items: (0..<100).map { ("p\($0)", "short", "longer") })
        let hour: Int64 = 3_600_000
        // 13 honest annotators (0–12), three per item, spread over days; annotator 13 replays `b` on items 0–8.
        for item in 0..<100 {
            for k in 0..<3 {
                let annotator = (item * 3 + k) % 13
                world.ratings.append(.init(annotator: annotator, item: item, choice: 0, time: Int64(item) * 3 * hour + Int64(k) * 60_000))
            }
        }
        for item in 0..<9 {
            for copy in 0..<5 { world.ratings.append(.init(annotator: 13, item: item, choice: 1, time: Int64(item) * 30 * hour + Int64(copy))) }
        }
        for member in 0..<6 {
            for item in 0..<9 {
                world.ratings.append(.init(annotator: 14 + member, item: item, choice: 1, time: 500 * hour + Int64(member * 9 + item) * 10_000))
            }
        }
        let findings = try world.run(SybilBurstRule())
        #expect(findings.excludedAnnotators == Set(Int32(14)..<20))
    }
}
