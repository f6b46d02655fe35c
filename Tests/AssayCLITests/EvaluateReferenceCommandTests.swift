import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// `assay evaluate --reference` through the built binary on a run directory written by hand.
@Suite("assay evaluate --reference")
struct EvaluateReferenceCommandTests {
    /// Items i1 (reference a, dataset a: correct), i2 (reference b, dataset a: wrong, margin 0.1), i3 (reference tie).
    static func run(_ folder: TemporaryDirectory) -> String {
        let directory = folder.path("run")
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        folder.write(
            "run/dataset.jsonl",
            """
            {"prompt":"p","chosen":"A","rejected":"B","margin":0.9,"weight":1,"item_id":"i1","chosen_id":"a","rejected_id":"b"}
            {"prompt":"p","chosen":"A","rejected":"B","margin":0.1,"weight":1,"item_id":"i2","chosen_id":"a","rejected_id":"b"}
            {"prompt":"p","chosen":"B","rejected":"A","margin":0.5,"weight":1,"item_id":"i3","chosen_id":"b","rejected_id":"a"}

            """)
        folder.write(
            "run/annotators.jsonl",
            """
            {"annotator_id":"u","weight":1,"status":"trusted","findings":[],"ratings":2}
            {"annotator_id":"v","weight":0,"status":"excluded","findings":[],"ratings":2}

            """)
        folder.write("run/exclusions.jsonl", "")
        folder.write(
            "ratings.jsonl",
            """
            {"rating_id":"r1","annotator_id":"u","item_id":"i1","kind":"pairwise","responses":[{"id":"a","text":"A"},{"id":"b","text":"B"}],"choice":"a"}
            {"rating_id":"r2","annotator_id":"v","item_id":"i1","kind":"pairwise","choice":"b"}
            {"rating_id":"r3","annotator_id":"u","item_id":"i2","kind":"pairwise","responses":[{"id":"a","text":"A"},{"id":"b","text":"B"}],"choice":"b"}
            {"rating_id":"r4","annotator_id":"v","item_id":"i2","kind":"pairwise","choice":"a"}

            """)
        return directory
    }

    @Test("CSV reference: the table, and JSON with the documented figures")
    func table() throws {
        let folder = TemporaryDirectory("assay-evaluate")
        let run = Self.run(folder)
        let reference = folder.write("reference.csv", "item_id,answer\ni1,a\ni2,b\ni3,tie\n")
        let arguments = ["evaluate", "--run", run, "--reference", reference, "--ratings", folder.path("ratings.jsonl")]
        let human = try ProcessRunner.assay(arguments)
        #expect(human.status == 0, "\(human.stderr)")
        #expect(human.stdout.contains("reference: 3 items, 2 strict, 1 tie"))
        #expect(human.stdout.contains("margin ≥ 0.2"))
        let json = try ProcessRunner.assay(arguments + ["--json"])
        let value = try JSONParser.parse(json.stdout)
        #expect(value["dataset"]?["correct"] == .number(1) && value["dataset"]?["wrong"] == .number(1))
        #expect(value["dataset"]?["tie_reference_rows"] == .number(1))
        guard case .array(let cuts)? = value["dataset_by_margin"], case .array(let groups)? = value["annotators"] else {
            Issue.record("no dataset_by_margin or annotators")
            return
        }
        #expect(cuts.count == 5 && cuts[2]["wrong"] == .number(0))
        // Majority vote: i1 and i2 are 1–1 draws, so no pick.
        #expect(value["majority_vote"]?["rows"] == .number(0))
        let trusted = try #require(groups.first { $0["status"] == .string("trusted") })
        #expect(trusted["mean_agreement"] == .number(1))
    }

    @Test("a bad reference line fails with its line and field; no mode is a usage error")
    func errors() throws {
        let folder = TemporaryDirectory("assay-evaluate")
        let run = Self.run(folder)
        let bad = folder.write("reference.jsonl", "{\"item_id\":\"i1\",\"answer\":\"a\"}\n{\"item_id\":\"i2\"}\n")
        let result = try ProcessRunner.assay(["evaluate", "--run", run, "--reference", bad])
        #expect(result.status == 1)
        #expect(result.stderr.contains("line 2: field answer: missing"), "\(result.stderr)")
        let usage = try ProcessRunner.assay(["evaluate", "--run", run])
        #expect(usage.status == 64)
    }
}
