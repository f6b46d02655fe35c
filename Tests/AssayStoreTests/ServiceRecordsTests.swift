import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Runs, standings, decisions, tokens, releases and run jobs behave the same on every backend.
@Suite("Service records")
struct ServiceRecordsTests {
    @Test("a recorded run gives standings, histories and audit entries", arguments: Backend.allCases)
    func runsAndStandings(backend: Backend) throws {
        let store = try makeStore(backend)
        let run = RunRecord(
            runID: "run-1", snapshot: "s1", snapshotDigest: "d", startedAt: .now, finishedAt: .now, actor: "alice", output: "out",
            summary: #"{"kept":2}"#)
        try store.recordRun(
            run,
            annotators: [
                AnnotatorRunOutcome(annotatorID: "ann-b", weight: 0.25, status: "flagged", goldCorrect: 1, goldTotal: 4, findings: "[]"),
                AnnotatorRunOutcome(annotatorID: "ann-a", weight: 1, status: "trusted", goldCorrect: 4, goldTotal: 4),
            ])
        #expect(try store.runs() == [run])
        #expect(try store.latestStandings().map(\.outcome.annotatorID) == ["ann-a", "ann-b"])
        #expect(try store.latestStandings(status: "flagged").map(\.outcome.weight) == [0.25])
        #expect(try store.standing(of: "ann-b")?.outcome.goldTotal == 4)
        #expect(try store.standing(of: "nobody") == nil)
        #expect(try store.annotatorHistories()["ann-b"] == AnnotatorHistory(pastWeights: [0.25], goldCorrect: 1, goldTotal: 4))

        let decision = try ReviewDesk(store: store).decide(annotatorID: "ann-b", verdict: .confirm, note: "copies ann-c", actor: "rev")
        #expect(decision.action == "review.decided")
        #expect(try store.latestDecisions()["ann-b"]?.verdict == .confirm)
        #expect(try store.standing(of: "ann-b")?.decision?.note == "copies ann-c")
        #expect(try store.auditEntries(after: 0, limit: 10).map(\.action) == ["run.finished", "review.decided"])
        #expect(try store.verifyAudit().isValid)
    }

    @Test("tokens: created, listed, revoked once, audited without their secret", arguments: Backend.allCases)
    func tokens(backend: Backend) throws {
        let store = try makeStore(backend)
        let generation = try store.tokenGeneration()
        let (secret, token) = try store.createToken(name: "labeler", role: .ingest, actor: "admin")
        #expect(secret.hasPrefix(TokenSecret.prefix))
        #expect(throws: StoreError.self) { try store.createToken(name: "labeler", role: .admin, actor: "admin") }
        #expect(try store.tokens() == [token])
        #expect(try store.tokenGeneration() == generation + 1)
        let revoked = try store.revokeToken("labeler", actor: "admin")
        #expect(revoked.tokenID == token.tokenID)
        #expect(try store.tokens().first?.isActive == false)
        #expect(throws: StoreError.self) { try store.revokeToken("labeler", actor: "admin") }
        let entries = try store.auditEntries(after: 0, limit: 10)
        #expect(entries.map(\.action) == ["token.created", "token.revoked"])
        #expect(!entries.contains { $0.details.contains(secret) })
    }

    @Test("releases need a finished run and a second admin", arguments: Backend.allCases)
    func releases(backend: Backend) throws {
        let store = try makeStore(backend)
        #expect(throws: ReleaseError.runNotFound("run-9")) { try store.requestRelease(runID: "run-9", actor: "alice", note: "") }
        try store.recordRun(
            RunRecord(runID: "run-1", snapshot: "s", snapshotDigest: "d", startedAt: .now, finishedAt: .now, actor: "a", output: "o", summary: "{}"),
            annotators: [])
        let release = try store.requestRelease(runID: "run-1", actor: "alice", note: "for training")
        #expect(release.status == "pending")
        #expect(throws: ReleaseError.sameApprover("alice")) { try store.approveRelease(release.releaseID, actor: "alice", note: "") }
        let approved = try store.approveRelease(release.releaseID, actor: "bob", note: "checked")
        #expect(approved.status == "released")
        #expect(approved.approvedBy == "bob")
        #expect(throws: ReleaseError.alreadyApproved(release.releaseID, by: "bob")) {
            try store.approveRelease(release.releaseID, actor: "carol", note: "")
        }
        #expect(try store.releases() == [approved])
        #expect(try store.release("rel-none") == nil)
    }

    @Test("run jobs: started, ended once, and the unfinished ones marked interrupted", arguments: Backend.allCases)
    func runJobs(backend: Backend) throws {
        let store = try makeStore(backend)
        try store.recordJobStarted(RunJobRecord(jobID: "job-1", actor: "a", snapshot: nil, output: "/o/1", startedAt: .now))
        try store.recordJobStarted(RunJobRecord(jobID: "job-2", actor: "a", snapshot: "s", output: "/o/2", startedAt: .now))
        try store.recordJobEnded("job-1", state: .succeeded, at: .now, runID: "run-1", error: nil)
        #expect(throws: (any Error).self) { try store.recordJobEnded("job-1", state: .failed, at: .now, runID: nil, error: "x") }
        #expect(try store.interruptUnfinishedJobs() == ["job-2"])
        #expect(try store.runJobs().map(\.state) == [.succeeded, .interrupted])
        #expect(try store.runJob("job-1")?.runID == "run-1")
        #expect(try store.runJob("job-9") == nil)
    }

    @Test("statistics count the same things", arguments: Backend.allCases)
    func statistics(backend: Backend) throws {
        let store = try makeStore(backend)
        try ingest(
            [
                pairwise("r-1", texts: true),
                pairwise("r-2", annotator: "ann-2", choice: "b"),
                #"{"rating_id":"r-3","annotator_id":"ann-3","item_id":"cmp-1","kind":"pairwise","choice":"a","gold":"a","submitted_at":"2026-11-20T10:00:00Z"}"#,
            ].joined(separator: "\n"), into: store)
        let statistics = try store.statistics()
        #expect(statistics.ratings == 3)
        #expect(statistics.goldRatings == 1)
        #expect(statistics.ratingsByKind == ["pairwise": 3])
        #expect(statistics.items == 1)
        #expect(statistics.annotators == 3)
        #expect(statistics.batches == 1)
        #expect(statistics.distinctTexts == 3)
        #expect(statistics.auditEntries == 1)
        #expect(statistics.ratingsPerItem.max == 3)
    }
}
