import AssayModel
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `POST /v1/integrations/label-studio` on a live loopback server over a real SQLite store, with Label Studio 1.x
/// webhook bodies (the shapes of label_studio/webhooks: `action`, `annotation`, `task`, `project`).
@Suite struct LabelStudioWebhookTests {
    static let path = "/v1/integrations/label-studio"
    static let secret = "s3cret-for-the-label-studio-webhook"

    /// Label Studio's webhook bodies, as its serializers write them (model fields, foreign keys as ids).
    enum Payload {
        static func task(_ id: Int, prompt: String = "Which reply is kinder?", a: String = "Sure, happy to help.", b: String = "No.")
            -> String
        {
            #"{"id":\#(id),"project":1,"data":{"prompt":"\#(prompt)","a":"\#(a)","b":"\#(b)"},"is_labeled":true,"created_at":"2026-12-01T09:00:00.000000Z"}"#
        }

        static func annotation(
            _ id: Int, task: Int, user: Int, selected: String = "left", updated: String = "2026-12-01T10:00:00.123456Z", cancelled: Bool = false
        ) -> String {
            let result =
                cancelled
                ? "[]"
                : #"[{"id":"r\#(id)","type":"pairwise","from_name":"pw","to_name":"a,b","origin":"manual","value":{"selected":"\#(selected)"}}]"#
            return
                #"{"id":\#(id),"task":\#(task),"project":1,"completed_by":\#(user),"result":\#(result),"was_cancelled":\#(cancelled),"ground_truth":false,"created_at":"2026-12-01T10:00:00.123400Z","updated_at":"\#(updated)","lead_time":4.25,"last_action":null}"#
        }

        static func body(_ action: String, annotation: String, task: String) -> String {
            #"{"action":"\#(action)","annotation":\#(annotation),"task":\#(task),"project":{"id":1,"title":"pairs","label_config":"<View/>"}}"#
        }
    }

    func post(_ client: some TestClientProtocol, _ body: String, token: String? = nil, secret: String? = nil) async throws -> TestResponse {
        try await client.send(
            .post, Self.path, token: token, body: body, contentType: "application/json",
            headers: secret.map { [("X-Assay-Webhook-Secret", $0)] } ?? [])
    }

    func stored(_ store: SQLiteStore) throws -> [String: Rating] {
        var ratings: [String: Rating] = [:]
        try store.forEachRating(upTo: Int64.max) { ratings[$0.rating.ratingID] = $0.rating }
        return ratings
    }

    @Test func aCreatedAnnotationBecomesARatingWithItsProvenance() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let reply = try await fixture.withServer { client in
            try await post(
                client, Payload.body("ANNOTATION_CREATED", annotation: Payload.annotation(12, task: 7, user: 3), task: Payload.task(7)),
                token: fixture.ingest)
        }
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.json["results"]?.array.first?["outcome"]?.string == "accepted")
        #expect(reply.json["results"]?.array.first?["rating_id"]?.string == "ls-1-7-12")
        let rating = try #require(try stored(fixture.store)["ls-1-7-12"])
        #expect(rating.annotatorID == "ls-user-3")
        #expect(rating.itemID == "ls-1-7")
        let item = try #require(try fixture.store.items(upTo: Int64.max).first { $0.id == "ls-1-7" })
        #expect(item.prompt == "Which reply is kinder?")
        #expect(item.responses.map(\.id) == ["a", "b"])
        #expect(item.responses.map(\.text) == ["Sure, happy to help.", "No."])
        #expect(rating.answer == .pairwise(choice: .response("a"), strength: nil))
        #expect(rating.durationMs == 4250)
        #expect(rating.submittedAt == Timestamp(rfc3339: "2026-12-01T10:00:00.123Z"))
        #expect(rating.meta?["source"]?.string == "label-studio")
        #expect(rating.meta?["project"]?.string == "1")
        #expect(rating.meta?["task"]?.string == "7")
        #expect(rating.meta?["annotation"]?.string == "12")
        let provenance = try #require(try fixture.store.provenance(ratingID: "ls-1-7-12"))
        #expect(provenance.batch.source == "label-studio")
        #expect(provenance.batch.submitter == "platform")
    }

    @Test func bulkCreatedAnnotationsAreEachARating() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let annotations = [
            Payload.annotation(20, task: 7, user: 3), Payload.annotation(21, task: 8, user: 3, selected: "right"),
            Payload.annotation(22, task: 7, user: 4, selected: "right"),
        ]
        let body = Payload.body(
            "ANNOTATIONS_CREATED", annotation: "[\(annotations.joined(separator: ","))]",
            task: "[\(Payload.task(7)),\(Payload.task(8, prompt: "Which is shorter?")),\(Payload.task(7))]")
        let reply = try await fixture.withServer { client in try await post(client, body, token: fixture.ingest) }
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.json["counts"]?["accepted"]?.int == 3)
        let ratings = try stored(fixture.store)
        #expect(Set(ratings.keys) == ["ls-1-7-20", "ls-1-8-21", "ls-1-7-22"])
        #expect(try fixture.store.items(upTo: Int64.max).first { $0.id == "ls-1-8" }?.prompt == "Which is shorter?")
        #expect(ratings["ls-1-8-21"]?.answer == .pairwise(choice: .response("b"), strength: nil))
        #expect(ratings["ls-1-7-22"]?.annotatorID == "ls-user-4")
    }

    @Test func anUpdateIsANewRevisionAndRedeliveryIsIdempotent() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let created = Payload.body("ANNOTATION_CREATED", annotation: Payload.annotation(12, task: 7, user: 3), task: Payload.task(7))
        let updated = Payload.body(
            "ANNOTATION_UPDATED", annotation: Payload.annotation(12, task: 7, user: 3, selected: "right", updated: "2026-12-01T10:07:30.000000Z"),
            task: Payload.task(7))
        let replies = try await fixture.withServer { client in
            [
                try await post(client, created, token: fixture.ingest), try await post(client, updated, token: fixture.ingest),
                try await post(client, created, token: fixture.ingest), try await post(client, updated, token: fixture.ingest),
            ]
        }
        #expect(replies.map(\.status) == [.ok, .ok, .ok, .ok], "\(replies.map(\.text))")
        let outcomes = replies.map { $0.json["results"]?.array.first?["outcome"]?.string ?? "" }
        #expect(outcomes == ["accepted", "accepted", "duplicate", "duplicate"])
        let revisionID = try #require(replies[1].json["results"]?.array.first?["rating_id"]?.string)
        #expect(revisionID.hasPrefix("ls-1-7-12-rev-") && revisionID.count == "ls-1-7-12-rev-".count + 12)
        #expect(replies[1].json["results"]?.array.first?["supersedes"]?.string == "ls-1-7-12")
        #expect(replies[3].json["results"]?.array.first?["rating_id"]?.string == revisionID)
        // Append-only: the first state is still there, unchanged, beside the revision.
        let ratings = try stored(fixture.store)
        #expect(ratings.count == 2)
        #expect(ratings["ls-1-7-12"]?.answer == .pairwise(choice: .response("a"), strength: nil))
        #expect(ratings[revisionID]?.answer == .pairwise(choice: .response("b"), strength: nil))
        #expect(ratings[revisionID]?.meta?["supersedes"]?.string == "ls-1-7-12")
        #expect(ratings[revisionID]?.submittedAt == Timestamp(rfc3339: "2026-12-01T10:07:30Z"))
    }

    @Test func aBadAnnotationIsRefusedNamingTheTaskTheAnnotationAndTheReason() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let (bad, noPrompt, skipped, notWebhook, ignored) = try await fixture.withServer { client in
            (
                try await post(
                    client,
                    Payload.body(
                        "ANNOTATION_CREATED", annotation: Payload.annotation(12, task: 7, user: 3, selected: "middle"), task: Payload.task(7)),
                    token: fixture.ingest),
                try await post(
                    client,
                    Payload.body(
                        "ANNOTATION_CREATED", annotation: Payload.annotation(13, task: 9, user: 3),
                        task: #"{"id":9,"project":1,"data":{"question":"?","a":"x","b":"y"}}"#), token: fixture.ingest),
                try await post(
                    client,
                    Payload.body("ANNOTATION_CREATED", annotation: Payload.annotation(14, task: 7, user: 3, cancelled: true), task: Payload.task(7)),
                    token: fixture.ingest),
                try await post(client, #"{"annotation":{}}"#, token: fixture.ingest),
                try await post(client, #"{"action":"PROJECT_UPDATED","project":{"id":1}}"#, token: fixture.ingest)
            )
        }
        #expect(bad.status == .unprocessableContent)
        #expect(bad.json["error"]?.string == "annotations_refused")
        let message = bad.json["message"]?.string ?? ""
        #expect(message.contains("task 7, annotation 12") && message.contains("pairwise value.selected must be \"left\" or \"right\""), "\(message)")
        #expect(bad.json["request_id"]?.string != nil)
        #expect(noPrompt.status == .unprocessableContent)
        #expect((noPrompt.json["message"]?.string ?? "").contains("task 9, annotation 13: rejected: bad task data: data has no \"prompt\""))
        #expect(skipped.status == .ok)
        #expect(skipped.json["results"]?.array.first?["outcome"]?.string == "skipped")
        #expect(notWebhook.status == .badRequest)
        #expect(notWebhook.json["error"]?.string == "malformed_payload")
        #expect(ignored.status == .ok)
        #expect(ignored.json["outcome"]?.string == "ignored")
        #expect(try stored(fixture.store).isEmpty)
    }

    @Test func theSecretHeaderAuthenticatesAndAWrongOneGets401() async throws {
        let fixture = try ServerFixture { $0.labelStudioSecret = Self.secret }
        defer { fixture.remove() }
        let body = Payload.body("ANNOTATION_CREATED", annotation: Payload.annotation(12, task: 7, user: 3), task: Payload.task(7))
        let (right, wrong, none, reviewer) = try await fixture.withServer { client in
            (
                try await post(client, body, secret: Self.secret), try await post(client, body, secret: Self.secret + "x"),
                try await post(client, body), try await post(client, body, token: fixture.reviewer)
            )
        }
        #expect(right.status == .ok, "\(right.text)")
        #expect(wrong.status == .unauthorized)
        #expect(wrong.json["error"]?.string == "unauthorized")
        #expect(none.status == .unauthorized)
        #expect(reviewer.status == .forbidden)
        #expect(try fixture.store.provenance(ratingID: "ls-1-7-12")?.batch.submitter == "label-studio-webhook")

        // A server without a configured secret refuses the header.
        let plain = try ServerFixture()
        defer { plain.remove() }
        let refused = try await plain.withServer { client in try await post(client, body, secret: Self.secret) }
        #expect(refused.status == .unauthorized)
        #expect((refused.json["message"]?.string ?? "").contains("--label-studio-secret-file"))
    }

    @Test func aCleaningRunAfterAnUpdateUsesTheNewestRevision() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        // Five annotators on one task: b, b, a (then edited to b), a, a. The first states alone are 3 a : 2 b; the newest
        // revisions are 2 a : 3 b.
        let choices = [(31, "right"), (32, "right"), (33, "left"), (34, "left"), (35, "left")]
        try await fixture.withServer { client in
            for (user, selected) in choices {
                let reply = try await post(
                    client,
                    Payload.body(
                        "ANNOTATION_CREATED", annotation: Payload.annotation(user * 10, task: 7, user: user, selected: selected),
                        task: Payload.task(7)),
                    token: fixture.ingest)
                #expect(reply.status == .ok)
            }
            let edit = try await post(
                client,
                Payload.body(
                    "ANNOTATION_UPDATED", annotation: Payload.annotation(330, task: 7, user: 33, selected: "right", updated: "2026-12-01T11:00:00Z"),
                    task: Payload.task(7)), token: fixture.ingest)
            #expect(edit.status == .ok)
        }
        let out = fixture.folder.appendingPathComponent("run").path
        let run = try ProcessRunner.assay([
            "clean", "--db", fixture.store.path, "--out", out, "--key", Repository.fixture("keys/test-ed25519-private.pem"), "--no-rules",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let dataset = try String(contentsOfFile: out + "/dataset.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONParser.parse(String($0))
        }
        #expect(dataset.count == 1)
        #expect(dataset.first?["chosen_id"]?.string == "b", "\(dataset)")
        let annotators = try String(contentsOfFile: out + "/annotators.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONParser.parse(String($0))
        }
        #expect(annotators.first { $0["annotator_id"]?.string == "ls-user-33" }?["ratings"]?.int == 1)
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("1 ratings superseded by a later revision"), "\(report.prefix(1500))")
    }
}
