import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// The trust-and-safety loop from the command line: a run flags annotators, a reviewer works the
/// queue, the next run follows the decisions.
@Suite("Review loop")
struct ReviewLoopTests {
    static let key = Repository.fixture("keys/test-ed25519-private.pem")

    static func status(of annotator: String, in run: String) throws -> String? {
        for line in try String(contentsOfFile: run + "/annotators.jsonl", encoding: .utf8).split(separator: "\n") {
            let value = try JSONParser.parse(String(line))
            if value["annotator_id"]?.stringValue == annotator { return value["status"]?.stringValue }
        }
        return nil
    }

    @Test("flagged → review list → decide confirm / clear → the next run excludes / trusts")
    func loop() throws {
        let folder = TemporaryDirectory("assay-review-loop")
        let db = folder.path("store.sqlite")
        let input = folder.path("ratings.jsonl")
        // Replayed answers make the duplicates rule flag their annotators for review.
        let simulated = try ProcessRunner.assay([
            "simulate", "--out", input, "--truth", folder.path("truth.json"), "--seed", "4", "--pairwise-items", "400",
            "--ranking-items", "0", "--score-items", "0", "--attack", "replay=0.05",
        ])
        #expect(simulated.status == 0, "\(simulated.stderr)")
        #expect(try ProcessRunner.assay(["ingest", input, "--db", db, "--quiet"]).status == 0)
        let first = try ProcessRunner.assay(["clean", "--db", db, "--out", folder.path("run1"), "--key", Self.key])
        #expect(first.status == 0, "\(first.stderr)")

        let queue = try ProcessRunner.assay(["review", "list", "--db", db])
        #expect(queue.status == 0)
        let flagged = queue.stdout.split(separator: "\n").compactMap { line -> String? in
            line.hasPrefix("ann-") ? String(line.split(separator: " ")[0]) : nil
        }
        try #require(flagged.count >= 2, "the replay attack produced flagged annotators: \(queue.stdout)")
        #expect(queue.stdout.contains("duplicates:"))
        #expect(try Self.status(of: flagged[0], in: folder.path("run1")) == "flagged")

        #expect(
            try ProcessRunner.assay(["review", "decide", flagged[0], "--confirm", "--note", "replays answers", "--as", "rev-a", "--db", db]).status
                == 0)
        #expect(
            try ProcessRunner.assay(["review", "decide", flagged[1], "--clear", "--note", "platform retry bug", "--as", "rev-b", "--db", db]).status
                == 0)

        let second = try ProcessRunner.assay(["clean", "--db", db, "--out", folder.path("run2"), "--key", Self.key])
        #expect(second.status == 0)
        #expect(try Self.status(of: flagged[0], in: folder.path("run2")) == "excluded")
        let cleared = try Self.status(of: flagged[1], in: folder.path("run2"))
        #expect(cleared == "trusted" || cleared == "downweighted")
        let audit = try ProcessRunner.assay(["audit", "verify", "--db", db])
        #expect(audit.status == 0)
        let log = try ProcessRunner.assay(["audit", "log", "--db", db, "--limit", "100"])
        #expect(log.stdout.contains("rev-a review.decided \(flagged[0])"))
    }

    @Test("--status is typed: an unknown value is refused with the model's statuses listed")
    func statusIsTyped() throws {
        let folder = TemporaryDirectory()
        let result = try ProcessRunner.assay(["review", "list", "--status", "suspicious", "--db", folder.path("a.sqlite")])
        #expect(result.status == 64)
        #expect(result.stderr.contains("'trusted', 'downweighted', 'flagged' or 'excluded'"), "\(result.stderr)")
        let empty = try ProcessRunner.assay(["review", "list", "--status", "downweighted", "--db", folder.path("a.sqlite")])
        #expect(empty.status == 0)
        #expect(empty.stdout.contains("no downweighted annotators in the newest run"))
    }
}
