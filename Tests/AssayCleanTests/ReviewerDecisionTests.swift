import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

@Suite("Reviewer decisions in a run")
struct ReviewerDecisionTests {
    @Test("a confirmed annotator is excluded with all their ratings; a cleared one is trusted; both recorded in the audit log")
    func decisions() throws {
        let folder = TemporaryDirectory("assay-review")
        let db = folder.path("store.sqlite")
        #expect(try ProcessRunner.assay(["ingest", CleanRun.sample, "--db", db, "--quiet"]).status == 0)
        let store = try SQLiteStore(path: db)
        try store.recordDecision(
            ReviewerDecision(annotatorID: "ann-000007", verdict: .confirm, note: "copied answers", actor: "rev-a", decidedAt: .now, evidence: "{}"))
        try store.recordDecision(
            ReviewerDecision(annotatorID: "ann-000008", verdict: .clear, note: "looked fine", actor: "rev-b", decidedAt: .now, evidence: "{}"))
        let out = folder.path("run")
        let result = try ProcessRunner.assay(["clean", "--db", db, "--out", out, "--key", CleanRun.privateKey])
        #expect(result.status == 0, "\(result.stderr)")
        let annotators = try CleanRun.lines(out + "/annotators.jsonl")
        let confirmed = try #require(annotators.first { $0["annotator_id"] == .string("ann-000007") })
        #expect(confirmed["status"] == .string("excluded"))
        #expect(confirmed["weight"] == .number(0))
        #expect(confirmed["reviewer_decision"]?["by"] == .string("rev-a"))
        let cleared = try #require(annotators.first { $0["annotator_id"] == .string("ann-000008") })
        #expect(cleared["reviewer_decision"]?["decision"] == .string("clear"))
        let excluded = try CleanRun.lines(out + "/exclusions.jsonl").filter { $0["annotator_id"] == .string("ann-000007") }
        #expect(excluded.count == Int(confirmed["ratings"]?.numberValue ?? -1))
        #expect(excluded.allSatisfy { $0["rules"] == .array([.string("annotator_excluded")]) })
        #expect(excluded.first?["reason"]?.stringValue?.contains("rev-a") == true)
        let actions = try store.auditEntries(after: 0, limit: 100).map(\.action)
        #expect(actions.filter { $0 == "review.decided" }.count == 2)
        #expect(actions.contains("run.started") && actions.contains("run.finished"))
        #expect(try store.verifyAudit().isValid)
        // The run joined every annotator's reputation history.
        #expect(try store.annotatorHistories()["ann-000001"]?.pastWeights.count == 1)
    }

    /// The drift issue 13 found: the run put a cleared annotator with a low weight at `downweighted` while the report
    /// said the reviewer "decided trusted". One function (`AnnotatorStatus.effective`) now decides both.
    @Test("a cleared annotator whose weight is below downweight_below is downweighted, in annotators.jsonl and the report")
    func clearedButLowWeight() throws {
        let folder = TemporaryDirectory("assay-review-low")
        let db = folder.path("store.sqlite")
        #expect(try ProcessRunner.assay(["ingest", CleanRun.sample, "--db", db, "--quiet"]).status == 0)
        let store = try SQLiteStore(path: db)
        try store.recordDecision(
            ReviewerDecision(annotatorID: "ann-000008", verdict: .clear, note: "looked fine", actor: "rev-b", decidedAt: .now, evidence: "{}"))
        // Every weight below 1 counts as low here.
        let config = folder.write("assay.json", #"{"policy": {"downweight_below": 1.0}}"#)
        let out = folder.path("run")
        let result = try ProcessRunner.assay(["clean", "--db", db, "--out", out, "--key", CleanRun.privateKey, "--config", config])
        #expect(result.status == 0, "\(result.stderr)")
        let cleared = try #require(try CleanRun.lines(out + "/annotators.jsonl").first { $0["annotator_id"] == .string("ann-000008") })
        let weight = try #require(cleared["weight"]?.numberValue)
        #expect(weight < 1)
        #expect(AnnotatorStatus.effective(rules: .trusted, weight: weight, verdict: .clear, downweightBelow: 1) == .downweighted)
        #expect(cleared["status"] == .string("downweighted"))
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("Reviewer rev-b decided downweighted"), "the report agrees with annotators.jsonl")
        #expect(!report.contains("Reviewer rev-b decided trusted"))
    }
}
