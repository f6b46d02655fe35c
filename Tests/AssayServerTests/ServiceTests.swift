import AssayModel
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every endpoint and role against the live server on a loopback port and a real SQLite file.
@Suite struct ServiceTests {
    @Test func missingUnknownAndRevokedTokensGet401AndWrongRoles403() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let revoked = try fixture.store.createToken(name: "old", role: .ingest, actor: "test")
        try fixture.store.revokeToken("old", actor: "test")
        try await fixture.withServer { client in
            let none = try await client.send(.get, "/v1/audit")
            #expect(none.status == .unauthorized)
            #expect(none.json["error"]?.string == "unauthorized")
            #expect(none.headers[.init("X-Request-Id")!] != nil)
            #expect(try await client.send(.get, "/v1/audit", token: "assay_" + String(repeating: "0", count: 64)).status == .unauthorized)
            #expect(try await client.send(.get, "/v1/audit", token: revoked.secret).status == .unauthorized)
            let basic = try await client.send(.get, "/v1/audit", headers: [("Authorization", "Basic dXNlcjpwYXNz")])
            #expect(basic.status == .unauthorized)
            // Wrong roles.
            let forbidden = try await client.send(.get, "/v1/audit", token: fixture.ingest)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.json["message"]?.string?.contains("needs admin") == true)
            #expect(try await client.send(.post, "/v1/ratings", token: fixture.reviewer, body: Ratings.pairwise("r-1")).status == .forbidden)
            #expect(try await client.send(.get, "/v1/annotators", token: fixture.ingest).status == .forbidden)
            #expect(
                try await client.send(
                    .post, "/v1/annotators/ann-bad/decision", token: fixture.admin, body: #"{"decision":"clear","note":"x"}"#,
                    contentType: "application/json"
                ).status == .forbidden)
            #expect(try await client.send(.post, "/v1/runs", token: fixture.reviewer).status == .forbidden)
            #expect(try await client.send(.get, "/v1/audit", token: fixture.admin).status == .ok)
        }
        // Token creation and revocation are audited, without the secret.
        let actions = try fixture.store.auditEntries(after: 0, limit: 100).map(\.action)
        #expect(actions.filter { $0 == "token.created" }.count == 5)
        #expect(actions.contains("token.revoked"))
        #expect(try fixture.store.auditEntries(after: 0, limit: 100).allSatisfy { !$0.details.contains(revoked.secret) })
    }

    @Test func tokenRevokedWhileServingIsRefusedWithinASecond() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            #expect(try await client.send(.get, "/v1/annotators/x", token: fixture.ingest).status == .notFound)
            try fixture.store.revokeToken("platform", actor: "test")
            try await Task.sleep(for: .milliseconds(1200))
            #expect(try await client.send(.get, "/v1/annotators/x", token: fixture.ingest).status == .unauthorized)
            // A token created while serving works at once.
            try await Task.sleep(for: .milliseconds(150))
            let fresh = try fixture.store.createToken(name: "late", role: .ingest, actor: "test").secret
            #expect(try await client.send(.get, "/v1/annotators/x", token: fresh).status == .notFound)
        }
    }

    @Test func ingestGivesPerRecordResultsAndRecordsTheTokenAsSubmitter() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let body = [
                Ratings.pairwise("r-1"), Ratings.pairwise("r-2", choice: "b", carryItem: false), "",
                Ratings.pairwise("r-3", choice: "c", carryItem: false), "{not json",
            ].joined(separator: "\n")
            let first = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: body, contentType: "application/x-ndjson")
            #expect(first.status == .ok)
            let counts = first.json["counts"]
            #expect(counts?["accepted"]?.int == 2)
            #expect(counts?["rejected"]?.int == 2)
            let results = first.json["results"]?.array ?? []
            #expect(results.map { $0["outcome"]?.string ?? "" } == ["accepted", "accepted", "rejected", "rejected"])
            #expect(results[2]["field"]?.string == "choice")
            #expect(results[2]["line"]?.int == 4)
            #expect(results[2]["rating_id"]?.string == "r-3")
            let batchID = try #require(first.json["batch_id"]?.string)
            #expect(try fixture.store.batch(batchID).submitter == "platform")

            // Same ids again: duplicate; same id with other content: conflict. As a JSON array.
            let array = "[\(Ratings.pairwise("r-1")),\(Ratings.pairwise("r-2", choice: "a", carryItem: false))]"
            let second = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: array, contentType: "application/json")
            #expect(second.status == .ok)
            #expect(second.json["results"]?.array.map { $0["outcome"]?.string ?? "" } == ["duplicate", "conflict"])

            // Nothing taken: 422 with the reasons.
            let bad = try await client.send(
                .post, "/v1/ratings", token: fixture.ingest, body: #"{"rating_id":"r-9","kind":"pairwise"}"#,
                contentType: "application/x-ndjson")
            #expect(bad.status == .unprocessableContent)
            #expect(bad.json["results"]?.array.first?["reason"]?.string?.isEmpty == false)

            // all_or_nothing: one bad record rolls the batch back.
            let mixed = [Ratings.pairwise("r-10", item: "cmp-2"), Ratings.pairwise("r-11", choice: "zz", carryItem: false)].joined(
                separator: "\n")
            let rolled = try await client.send(
                .post, "/v1/ratings?all_or_nothing=true", token: fixture.ingest, body: mixed, contentType: "application/x-ndjson")
            #expect(rolled.status == .unprocessableContent)
            #expect(rolled.json["error"]?.string == "batch_rolled_back")
            #expect(try fixture.store.provenance(ratingID: "r-10") == nil)

            // An admin may ingest too; its name is the submitter.
            let byAdmin = try await client.send(.post, "/v1/ratings", token: fixture.admin, body: Ratings.pairwise("r-20", item: "cmp-3"))
            #expect(byAdmin.status == .ok)
            #expect(try fixture.store.batch(try #require(byAdmin.json["batch_id"]?.string)).submitter == "ops")
        }
    }

    @Test func idempotencyKeyReplaysTheBatch() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let body = Ratings.lines("idem", count: 20)
            let headers = [("Idempotency-Key", "batch-0001")]
            let first = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: body, headers: headers)
            let again = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: body, headers: headers)
            #expect(first.status == .ok && again.status == .ok)
            #expect(first.json["replayed"] == .bool(false))
            #expect(again.json["replayed"] == .bool(true))
            #expect(again.json["batch_id"] == first.json["batch_id"])
            #expect(again.json["counts"]?["accepted"]?.int == 20)
            #expect(try fixture.store.statistics().batches == 1)
            let badKey = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: body, headers: [("Idempotency-Key", "a b")])
            #expect(badKey.status == .badRequest)
        }
    }

    @Test func bodyAndBatchLimitsAnswer413WithAClearMessage() async throws {
        let fixture = try ServerFixture { configuration in
            configuration.maxBodyBytes = 64 << 10
            configuration.maxRecordsPerBatch = 10
        }
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let big = try await client.send(
                .post, "/v1/ratings", token: fixture.ingest, bytes: Array(repeating: 0x20, count: 100 << 10), contentType: "application/x-ndjson")
            #expect(big.status == .contentTooLarge)
            #expect(big.json["error"]?.string == "body_too_large")
            #expect(big.json["message"]?.string?.contains("64 KiB") == true)
            let many = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: Ratings.lines("many", count: 11))
            #expect(many.status == .contentTooLarge)
            #expect(many.json["error"]?.string == "batch_too_large")
            #expect(many.json["message"]?.string?.contains("limit is 10") == true)
            let manyArray = try await client.send(
                .post, "/v1/ratings", token: fixture.ingest, body: "[" + Array(repeating: "{}", count: 11).joined(separator: ",") + "]",
                contentType: "application/json")
            #expect(manyArray.status == .contentTooLarge)
            #expect(try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: Ratings.lines("ok", count: 10)).status == .ok)
        }
    }

    @Test func annotatorLookupQueueAndAuditedDecision() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            let good = try await client.send(.get, "/v1/annotators/ann-good", token: fixture.ingest)
            #expect(good.status == .ok)
            #expect(good.json["weight"] == .number(0.9))
            #expect(good.json["status"]?.string == "trusted")
            #expect(good.json["gold"]?["correct"]?.int == 3)
            #expect(good.json["run_id"]?.string == "run-seed")
            #expect(good.json["reputation"]?["past_weights"]?.array.count == 1)
            #expect(try await client.send(.get, "/v1/annotators/nobody", token: fixture.ingest).status == .notFound)

            let queue = try await client.send(.get, "/v1/annotators?status=flagged", token: fixture.reviewer)
            #expect(queue.status == .ok)
            let flagged = queue.json["annotators"]?.array ?? []
            #expect(flagged.map { $0["annotator_id"]?.string ?? "" } == ["ann-bad"])
            #expect(flagged.first?["findings"]?.array.first?["rule"]?.string == "speed")
            #expect(try await client.send(.get, "/v1/annotators?status=weird", token: fixture.reviewer).status == .badRequest)

            // Decisions need a verdict and a note, nothing else.
            let path = "/v1/annotators/ann-bad/decision"
            for (body, status) in [
                (#"{"decision":"confirm"}"#, HTTPResponse.Status.unprocessableContent),
                (#"{"decision":"confirm","note":"   "}"#, .unprocessableContent),
                (#"{"decision":"ban","note":"x"}"#, .unprocessableContent),
                (#"{"decision":"confirm","note":"x","extra":1}"#, .unprocessableContent),
                (#"{"decision":1,"note":"x"}"#, .unprocessableContent),
                (#"{"decision":"confirm","note":"x""#, .badRequest),
                (#"["confirm"]"#, .badRequest),
            ] {
                let response = try await client.send(.post, path, token: fixture.reviewer, body: body, contentType: "application/json")
                #expect(response.status == status, "\(body)")
                #expect(response.json["message"]?.string?.isEmpty == false)
            }
            let decided = try await client.send(
                .post, path, token: fixture.reviewer, body: #"{"decision":"confirm","note":"copied answers across accounts"}"#,
                contentType: "application/json")
            #expect(decided.status == .created)
            #expect(decided.json["actor"]?.string == "alice")

            // The lookup shows it at once (the cache is invalidated).
            let after = try await client.send(.get, "/v1/annotators/ann-bad", token: fixture.ingest)
            #expect(after.json["effective_status"]?.string == "excluded")
            #expect(after.json["decision"]?["actor"]?.string == "alice")

            // The audit trail of the decision, with the chain verified.
            let audit = try await client.send(.get, "/v1/audit?limit=1000", token: fixture.admin)
            #expect(audit.status == .ok)
            #expect(audit.json["chain"]?["valid"] == .bool(true))
            let entry = try #require(audit.json["entries"]?.array.first { $0["action"]?.string == "review.decided" })
            #expect(entry["actor"]?.string == "alice")
            #expect(entry["subject"]?.string == "ann-bad")
            #expect(entry["details"]?["note"]?.string == "copied answers across accounts")
            #expect(entry["details"]?["evidence"]?["status"]?.string == "flagged")
        }
        // The same store API the CLI uses sees the decision.
        #expect(try fixture.store.latestDecisions()["ann-bad"]?.verdict == .confirm)
    }

    @Test func runsAsBackgroundJobsAndTheTwoPersonReleaseRule() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let launcher = FakeLauncher(store: fixture.store)
        try await fixture.withServer(launcher: launcher) { client in
            let started = try await client.send(.post, "/v1/runs", token: fixture.admin)
            #expect(started.status == .accepted)
            let jobID = try #require(started.json["job_id"]?.string)
            var job = started.json
            for _ in 0..<100 where job["state"]?.string == "running" {
                try await Task.sleep(for: .milliseconds(20))
                job = try await client.send(.get, "/v1/runs/\(jobID)", token: fixture.admin).json
            }
            #expect(job["state"]?.string == "succeeded")
            #expect(job["progress"]?.array.count == 2)
            let runID = try #require(job["run_id"]?.string)

            let run = try await client.send(.get, "/v1/runs/\(runID)", token: fixture.admin)
            #expect(run.json["actor"]?.string == "ops")
            let report = try await client.send(.get, "/v1/runs/\(runID)/report", token: fixture.admin)
            #expect(report.status == .ok)
            #expect(report.text.contains("fake report"))
            #expect(report.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await client.send(.get, "/v1/runs/\(runID)/files", token: fixture.admin).json["files"]?.array == [.string("report.html")])
            #expect(try await client.send(.get, "/v1/runs/\(runID)/files/..%2Fassay.sqlite", token: fixture.admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/runs/nope", token: fixture.admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/runs", token: fixture.admin).json["runs"]?.array.count == 1)
            // The new run's flagged annotator is visible to lookups at once.
            #expect(try await client.send(.get, "/v1/annotators/ann-x", token: fixture.ingest).json["status"]?.string == "flagged")

            // Release: requested by ops, refused to ops, approved by ops2, once.
            let requested = try await client.send(
                .post, "/v1/runs/\(runID)/release", token: fixture.admin, body: #"{"note":"for RM v7"}"#, contentType: "application/json")
            #expect(requested.status == .created)
            #expect(requested.json["status"]?.string == "pending")
            let releaseID = try #require(requested.json["release_id"]?.string)
            let selfApproval = try await client.send(.post, "/v1/releases/\(releaseID)/approve", token: fixture.admin)
            #expect(selfApproval.status == .forbidden)
            #expect(selfApproval.json["error"]?.string == "two_person_rule")
            #expect(try await client.send(.post, "/v1/releases/\(releaseID)/approve", token: fixture.reviewer).status == .forbidden)
            let approved = try await client.send(
                .post, "/v1/releases/\(releaseID)/approve", token: fixture.otherAdmin, body: #"{"note":"checked the report"}"#,
                contentType: "application/json")
            #expect(approved.status == .ok)
            #expect(approved.json["status"]?.string == "released")
            #expect(approved.json["approved_by"]?.string == "ops2")
            #expect(try await client.send(.post, "/v1/releases/\(releaseID)/approve", token: fixture.otherAdmin).status == .conflict)
            #expect(try await client.send(.get, "/v1/releases/\(releaseID)", token: fixture.admin).json["status"]?.string == "released")
            #expect(try await client.send(.post, "/v1/runs/nope/release", token: fixture.admin).status == .notFound)
        }
        let entries = try fixture.store.auditEntries(after: 0, limit: 1000)
        #expect(entries.contains { $0.action == "release.requested" && $0.actor == "ops" })
        #expect(entries.contains { $0.action == "release.approved" && $0.actor == "ops2" })
        #expect(entries.contains { $0.action == "run.finished" && $0.actor == "ops" })
        #expect(try fixture.store.verifyAudit().isValid)
    }

    @Test func runsWithoutASigningKeyAnswer409() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let response = try await client.send(.post, "/v1/runs", token: fixture.admin, body: "{}", contentType: "application/json")
            #expect(response.status == .conflict)
            #expect(response.json["error"]?.string == "runs_unavailable")
            #expect(try await client.send(.post, "/v1/runs", token: fixture.admin, body: #"{"snapshot":"none"}"#).status == .notFound)
        }
    }

    @Test func badInputGets4xxWithAMessageNever500() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
            let cases: [(String, [UInt8], String, HTTPResponse.Status)] = [
                ("malformed array", Array("[{".utf8), "application/json", .badRequest),
                ("not an array", Array(#"{"a":1}"#.utf8), "application/json", .badRequest),
                ("deep array", Array(deep.utf8), "application/json", .badRequest),
                ("invalid UTF-8 array", [0x5B, 0xFF, 0xFE, 0x5D], "application/json", .badRequest),
                ("empty", [], "application/x-ndjson", .badRequest),
                ("wrong type", Array("text".utf8), "text/plain", .unsupportedMediaType),
                ("invalid UTF-8 line", [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], "application/x-ndjson", .unprocessableContent),
                ("deep line", Array(deep.utf8), "application/x-ndjson", .unprocessableContent),
                (
                    "unknown field", Array(Ratings.pairwise("u-1").replacingOccurrences(of: "}", with: #","choise":"a"}"#).utf8),
                    "application/x-ndjson", .unprocessableContent
                ),
                ("wrong field type", Array(#"{"rating_id":5}"#.utf8), "application/x-ndjson", .unprocessableContent),
            ]
            for (name, bytes, type, status) in cases {
                let response = try await client.send(.post, "/v1/ratings", token: fixture.ingest, bytes: bytes, contentType: type)
                #expect(response.status == status, "\(name)")
                let message = response.json["message"]?.string ?? response.json["results"]?.array.first?["reason"]?.string
                #expect(message?.isEmpty == false, "\(name)")
            }
            let decision = try await client.send(
                .post, "/v1/annotators/a/decision", token: fixture.reviewer, bytes: [0x7B, 0xFF, 0x7D], contentType: "application/json")
            #expect(decision.status == .badRequest)
            let unknownRoute = try await client.send(.get, "/v1/nothing", token: fixture.admin)
            #expect(unknownRoute.status == .notFound)
            #expect(unknownRoute.json["error"]?.string == "not_found")
            #expect(try await client.send(.get, "/v1/audit?limit=0", token: fixture.admin).status == .badRequest)
            #expect(try await client.send(.get, "/v1/audit?after=x", token: fixture.admin).status == .badRequest)
            #expect(try await client.send(.post, "/v1/ratings?all_or_nothing=maybe", token: fixture.ingest, body: "{}").status == .badRequest)
        }
    }

    @Test func aClientThatNeverFinishesItsBodyGets408() async throws {
        let fixture = try ServerFixture { $0.bodyTimeout = .milliseconds(300) }
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let port = try #require(client.port)
            let token = fixture.ingest
            let reply = try await Task.detached {
                try LoopbackHTTP.request(
                    port: port, method: "POST", path: "/v1/ratings", token: token, body: Array(Ratings.pairwise("slow").utf8),
                    timeoutSeconds: 60, declaredLength: 10_000)
            }.value
            #expect(reply.status == 408)
            #expect(reply.body.contains("request_timeout"))
            // The server is still fine.
            #expect(try await client.send(.get, "/healthz").status == .ok)
        }
        #expect(try fixture.store.statistics().ratings == 0)
    }

    @Test func healthMetricsAndOpenAPI() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let health = try await client.send(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.json["status"]?.string == "ok")
            _ = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: Ratings.lines("m", count: 5))
            _ = try await client.send(.post, "/v1/ratings", token: fixture.ingest, body: #"{"rating_id":"bad"}"#)
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains(#"assay_ratings_total{outcome="accepted"} 5"#))
            #expect(metrics.text.contains(#"assay_ratings_total{outcome="rejected"} 1"#))
            #expect(metrics.text.contains("assay_http_requests_total"))
            #expect(metrics.text.contains("assay_http_request_duration_seconds_bucket"))
            #expect(metrics.text.contains("assay_runs_total"))
            let spec = try await client.send(.get, "/openapi.yaml")
            #expect(spec.status == .ok)
            let file = try String(contentsOf: Repository.root.appendingPathComponent("Docs/openapi.yaml"), encoding: .utf8)
            #expect(spec.text == file)
        }
    }

    @Test func metricsCanRequireAToken() async throws {
        let fixture = try ServerFixture { $0.metricsRequireToken = true }
        defer { fixture.remove() }
        try await fixture.withServer { client in
            #expect(try await client.send(.get, "/metrics").status == .unauthorized)
            #expect(try await client.send(.get, "/metrics", token: "assay_not-a-token").status == .unauthorized)
            let metrics = try await client.send(.get, "/metrics", token: fixture.reviewer)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("assay_http_requests_total"))
            // Health and the API description stay open for probes and clients.
            #expect(try await client.send(.get, "/healthz").status == .ok)
            #expect(try await client.send(.get, "/openapi.yaml").status == .ok)
        }
    }
}
