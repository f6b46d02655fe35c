import AssayModel
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Decisions and releases made through the console, checked through the API, the store and the audit log.
@Suite struct ConsoleReviewTests {
    @Test func aDecisionMadeInTheConsoleIsTheAPIsDecisionAndIsAudited() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            // Ratings of the flagged annotator, for the timeline and the sample table.
            let lines = (0..<6).map { Ratings.pairwise("r-\($0)", annotator: "ann-bad", item: "cmp-\($0)", carryItem: true) }.joined(separator: "\n")
            #expect(
                try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: lines, contentType: "application/x-ndjson").status == .ok)
            var browser = ConsoleClient(client)
            _ = try await browser.signIn(fixture.reviewer)
            let queue = try await browser.get("/console/queue")
            #expect(queue.text.contains("/console/annotators/ann-bad"))
            #expect(!queue.text.contains("/console/annotators/ann-good"), "the queue shows flagged annotators by default")
            #expect(try await browser.get("/console/queue?status=all").text.contains("/console/annotators/ann-good"))
            #expect(try await browser.get("/console/queue?status=all&rule=speed").text.contains("ann-good") == false)
            #expect(try await browser.get("/console/queue?status=nonsense").status == .badRequest)
            let page = try await browser.get("/console/annotators/ann-bad")
            #expect(page.status == .ok)
            for fact in ["median 300 ms per task", "<svg", "class=\"point", "0/4 (0%)", "run-seed", "r-5"] {
                #expect(page.text.contains(fact), "\(fact) missing from the annotator page")
            }
            let csrf = try #require(ConsoleClient.csrf(in: page.text, form: "/console/annotators/ann-bad/decision"))
            #expect(csrf == ConsoleClient.csrf(in: page.text, form: "/console/logout"), "one token per session, in every form")
            // No note, a blank note, or no verdict: refused, nothing recorded.
            for fields in [[("decision", "confirm")], [("decision", "confirm"), ("note", "  \n ")], [("note", "why")]] {
                let refused = try await browser.post("/console/annotators/ann-bad/decision", fields + [("csrf", csrf)])
                #expect(refused.status == .unprocessableContent)
            }
            #expect(try fixture.store.latestDecisions().isEmpty)
            let note = "answers in 300 ms; <script>alert(1)</script> pasted from the ticket"
            let done = try await browser.post("/console/annotators/ann-bad/decision", [("decision", "confirm"), ("note", note), ("csrf", csrf)])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/console/annotators/ann-bad?done=decided")
            // The API sees it at once.
            let lookup = try await client.send(.get, "/v1/annotators/ann-bad", token: fixture.reviewer).json
            #expect(lookup["decision"]?["decision"]?.string == "confirm")
            #expect(lookup["decision"]?["note"]?.string == note)
            #expect(lookup["decision"]?["actor"]?.string == "alice")
            #expect(lookup["effective_status"]?.string == "excluded")
            // The audit log records it with the reviewer's name and the evidence they saw.
            let audit = try await client.send(.get, "/v1/audit", token: fixture.admin).json
            let entry = try #require(audit["entries"]?.array.last { $0["action"]?.string == "review.decided" })
            #expect(entry["actor"]?.string == "alice")
            #expect(entry["subject"]?.string == "ann-bad")
            #expect(entry["details"]?["note"]?.string == note)
            #expect(entry["details"]?["evidence"]?["status"]?.string == "flagged")
            #expect(audit["chain"]?["valid"] == .bool(true))
            // The page shows the decision, escaped.
            let after = try await browser.get("/console/annotators/ann-bad?done=decided")
            #expect(after.text.contains("Decision recorded in the audit log."))
            #expect(after.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!after.text.contains("<script>"))
            // An admin sees the page but decides nothing (as in the API).
            var admin = ConsoleClient(client)
            _ = try await admin.signIn(fixture.admin)
            let adminPage = try await admin.get("/console/annotators/ann-bad")
            #expect(!adminPage.text.contains("Record decision"))
            let adminCSRF = try #require(ConsoleClient.csrf(in: adminPage.text))
            #expect(
                try await admin.post("/console/annotators/ann-bad/decision", [("decision", "clear"), ("note", "x"), ("csrf", adminCSRF)]).status
                    == .forbidden)
            #expect(try fixture.store.decisions(of: "ann-bad").count == 1)
            #expect(try await browser.get("/console/annotators/nobody").status == .notFound)
        }
    }

    @Test func oneAdminRequestsAnotherApprovesAReviewerAndTheRequesterCannot() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            var ops = ConsoleClient(client)
            _ = try await ops.signIn(fixture.admin)
            let runs = try await ops.get("/console/runs")
            #expect(runs.text.contains("run-seed"))
            let csrf = try #require(ConsoleClient.csrf(in: runs.text, form: "/console/runs/run-seed/release"))
            let requested = try await ops.post("/console/runs/run-seed/release", [("note", "weekly"), ("csrf", csrf)])
            #expect(requested.status == .seeOther)
            let release = try #require(try fixture.store.releases().first)
            #expect(release.requestedBy == "ops")
            // A reviewer sees releases but cannot request or approve one.
            var alice = ConsoleClient(client)
            _ = try await alice.signIn(fixture.reviewer)
            let seen = try await alice.get("/console/releases")
            #expect(seen.status == .ok)
            #expect(seen.text.contains(release.releaseID))
            #expect(!seen.text.contains("/approve\""))
            let aliceCSRF = try #require(ConsoleClient.csrf(in: seen.text))
            #expect(try await alice.post("/console/releases/\(release.releaseID)/approve", [("csrf", aliceCSRF)]).status == .forbidden)
            #expect(try await alice.post("/console/runs/run-seed/release", [("csrf", aliceCSRF)]).status == .forbidden)
            // The requester cannot approve their own release.
            let own = try await ops.post("/console/releases/\(release.releaseID)/approve", [("note", "me"), ("csrf", csrf)])
            #expect(own.status == .forbidden)
            #expect(own.text.contains("two-person rule"))
            #expect(try fixture.store.release(release.releaseID)?.approvedBy == nil)
            // Another admin can.
            var ops2 = ConsoleClient(client)
            _ = try await ops2.signIn(fixture.otherAdmin)
            let page = try await ops2.get("/console/releases")
            #expect(page.text.contains("/console/releases/\(release.releaseID)/approve"))
            let approved = try await ops2.post(
                "/console/releases/\(release.releaseID)/approve",
                [
                    ("note", "checked"),
                    ("csrf", try #require(ConsoleClient.csrf(in: page.text, form: "/console/releases/\(release.releaseID)/approve"))),
                ])
            #expect(approved.status == .seeOther)
            let api = try await client.send(.get, "/v1/releases/\(release.releaseID)", token: fixture.admin).json
            #expect(api["approved_by"]?.string == "ops2")
            #expect(api["status"]?.string == "released")
            let actions = try fixture.store.auditEntries(after: 0, limit: 100).map(\.action)
            #expect(actions.contains("release.requested") && actions.contains("release.approved"))
        }
    }
}
