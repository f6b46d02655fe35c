import AssayTestSupport
import Foundation
import Testing

/// `assay diff` through the built binary: two real cleaning runs, honest ratings alone and then with a simulated attack
/// added, over overlapping snapshots.
@Suite("assay diff")
struct DiffCommandTests {
    typealias Pair = String  // "item|first|second"

    /// The kept preference of every pair in a run's dataset.jsonl, read directly.
    static func preferences(_ run: String) throws -> [Pair: String] {
        var result: [Pair: String] = [:]
        for line in try String(contentsOfFile: run + "/dataset.jsonl", encoding: .utf8).split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let item = try #require(row["item_id"] as? String)
            let chosen = try #require(row["chosen_id"] as? String)
            let rejected = try #require(row["rejected_id"] as? String)
            result["\(item)|\([chosen, rejected].sorted().joined(separator: "|"))"] = chosen
        }
        return result
    }

    static func statuses(_ run: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for line in try String(contentsOfFile: run + "/annotators.jsonl", encoding: .utf8).split(separator: "\n") {
            let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            result[try #require(row["annotator_id"] as? String)] = try #require(row["status"] as? String)
        }
        return result
    }

    @Test("lists exactly the flipped preferences and status changes; the attackers appear as new annotators")
    func diffOfAnAttack() throws {
        let folder = TemporaryDirectory("assay-diff")
        let key = Repository.fixture("keys/test-ed25519-private.pem")
        try ProcessRunner.assay([
            "simulate", "--out", folder.path("all.jsonl"), "--honest-out", folder.path("honest.jsonl"), "--truth", folder.path("truth.json"),
            "--seed", "5", "--annotators", "80", "--pairwise-items", "400", "--ranking-items", "20", "--score-items", "0",
            "--attack", "ring=0.06", "--attack", "length=0.06",
        ])
        for (input, out) in [("honest.jsonl", "before"), ("all.jsonl", "after")] {
            let run = try ProcessRunner.assay(["clean", "--input", folder.path(input), "--out", folder.path(out), "--key", key])
            #expect(run.status == 0, "\(run.stderr)")
        }
        let result = try ProcessRunner.assay(["diff", folder.path("before"), folder.path("after"), "--json", folder.path("diff.json")])
        #expect(result.status == 0, "\(result.stderr)")
        let diff = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("diff.json"))) as? [String: Any])

        let before = try Self.preferences(folder.path("before"))
        let after = try Self.preferences(folder.path("after"))
        var expectedFlips: Set<String> = []
        for (pair, chosen) in after where before[pair] != nil && before[pair] != chosen { expectedFlips.insert("\(pair)|\(before[pair]!)>\(chosen)") }
        let flips = try #require(diff["flips"] as? [[String: Any]])
        let listed = Set(
            try flips.map { flip -> String in
                let responses = try #require(flip["responses"] as? [String])
                return "\(flip["item_id"]!)|\(responses.joined(separator: "|"))|\(flip["before"]!)>\(flip["after"]!)"
            })
        #expect(!expectedFlips.isEmpty, "the attack flips some preferences")
        #expect(listed == expectedFlips)
        #expect(flips.count == expectedFlips.count)

        let statusBefore = try Self.statuses(folder.path("before"))
        let statusAfter = try Self.statuses(folder.path("after"))
        let changed = Set(statusBefore.keys).union(statusAfter.keys).filter { statusBefore[$0] != statusAfter[$0] }
        let changes = try #require(diff["status_changes"] as? [[String: Any]])
        #expect(Set(changes.compactMap { $0["annotator_id"] as? String }) == changed)
        let truth = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.url.appendingPathComponent("truth.json"))) as? [String: Any])
        let adversaries = try #require(truth["adversaries"] as? [[String: Any]]).compactMap { $0["annotator_id"] as? String }
        #expect(!adversaries.isEmpty)
        let newcomers = Set(changes.filter { $0["before"] is NSNull }.compactMap { $0["annotator_id"] as? String })
        #expect(Set(adversaries).isSubset(of: newcomers), "every attacker is new in the second run")
        #expect(result.stdout.contains("flipped preferences: \(expectedFlips.count)"))
    }
}
