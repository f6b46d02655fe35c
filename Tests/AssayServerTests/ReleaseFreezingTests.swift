import AssayAttestation
import AssayCrypto
import AssayModel
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A run's signed output, written and signed for real (Ed25519, DSSE), recorded in the store.
struct SigningLauncher: RunLauncher {
    let store: SQLiteStore
    let key: Ed25519PrivateKey

    func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String {
        let out = request.outputDirectory
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("<html>signed report</html>".utf8).write(to: out.appendingPathComponent("report.html"))
        try Data(#"{"prompt":"p","chosen":"A","rejected":"B","margin":0.9,"weight":1,"item_id":"i1","chosen_id":"a","rejected_id":"b"}"#.utf8 + [10])
            .write(to: out.appendingPathComponent("dataset.jsonl"))
        try Data(#"{"annotator_id":"ann-x","weight":0.9,"status":"trusted","findings":[],"ratings":1}"#.utf8 + [10])
            .write(to: out.appendingPathComponent("annotators.jsonl"))
        try Data().write(to: out.appendingPathComponent("exclusions.jsonl"))
        let runID = "run-" + out.lastPathComponent
        try AttestationSigner(privateKey: key).sign(directory: out, predicate: .object([("run", .string(runID))]))
        try store.recordRun(
            RunRecord(
                runID: runID, snapshot: "auto", snapshotDigest: String(repeating: "2", count: 64), startedAt: .now, finishedAt: .now,
                actor: request.actor, output: out.path, summary: "{}"),
            annotators: [])
        return runID
    }
}

@Suite("Releases: approving freezes the run's signed files and signs a release attestation")
struct ReleaseFreezingTests {
    static func finishedRun(_ client: any TestClientProtocol, _ fixture: ServerFixture) async throws -> String {
        let started = try await client.send(.post, "/v1/runs", token: fixture.admin)
        let jobID = try #require(started.json["job_id"]?.string)
        var job = started.json
        for _ in 0..<200 where job["state"]?.string == "running" {
            try await Task.sleep(for: .milliseconds(20))
            job = try await client.send(.get, "/v1/runs/\(jobID)", token: fixture.admin).json
        }
        return try #require(job["run_id"]?.string)
    }

    static func requestRelease(_ client: any TestClientProtocol, _ fixture: ServerFixture, run: String) async throws -> String {
        let requested = try await client.send(
            .post, "/v1/runs/\(run)/release", token: fixture.admin, body: #"{"note":"for RM v8"}"#, contentType: "application/json")
        return try #require(requested.json["release_id"]?.string)
    }

    @Test("an approved release is frozen, its attestation and files are served, and it passes assay verify --release")
    func approveFreezesAndSigns() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let key = try Ed25519PrivateKey.generate()
        let publicKey = fixture.folder.appendingPathComponent("release-pub.pem")
        try key.publicKey.pemRepresentation.write(to: publicKey, atomically: true, encoding: .utf8)
        try await fixture.withServer(launcher: SigningLauncher(store: fixture.store, key: key), releaseKey: key) { client in
            let runID = try await Self.finishedRun(client, fixture)
            let releaseID = try await Self.requestRelease(client, fixture, run: runID)
            #expect(try await client.send(.get, "/v1/releases/\(releaseID)/attestation", token: fixture.admin).status == .notFound)
            let approved = try await client.send(
                .post, "/v1/releases/\(releaseID)/approve", token: fixture.otherAdmin, body: #"{"note":"diff looked fine"}"#,
                contentType: "application/json")
            #expect(approved.status == .ok)
            #expect(approved.json["frozen"] == .bool(true))
            let digest = try #require(approved.json["run_attestation_sha256"]?.string)

            let attestation = try await client.send(.get, "/v1/releases/\(releaseID)/attestation", token: fixture.admin)
            #expect(attestation.status == .ok)
            let downloaded = fixture.folder.appendingPathComponent("downloaded.dsse.json")
            try Data(attestation.body.readableBytesView).write(to: downloaded)
            let frozenFolder = fixture.folder.appendingPathComponent("releases/objects/sha256-\(digest)")
            let verify = try ProcessRunner.assay(["verify", frozenFolder.path, "--release", downloaded.path, "--public-key", publicKey.path])
            #expect(verify.status == 0, "\(verify.stderr)")
            #expect(verify.stdout.contains("requested by ops, approved by ops2"))

            let dataset = try await client.send(.get, "/v1/releases/\(releaseID)/files/dataset.jsonl", token: fixture.admin)
            #expect(dataset.status == .ok)
            #expect(dataset.text.contains(#""item_id":"i1""#))
            #expect(try await client.send(.get, "/v1/releases/\(releaseID)/files/..%2Fassay.sqlite", token: fixture.admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/releases/\(releaseID)/attestation", token: fixture.reviewer).status == .forbidden)

            // The run's own output changed after signing: the next release of it is refused, nothing recorded.
            let output = fixture.folder.appendingPathComponent("runs")
            let runFolder = try #require(try FileManager.default.contentsOfDirectory(atPath: output.path).first)
            try Data("tampered\n".utf8).write(to: output.appendingPathComponent(runFolder).appendingPathComponent("dataset.jsonl"))
            let second = try await Self.requestRelease(client, fixture, run: runID)
            let refused = try await client.send(.post, "/v1/releases/\(second)/approve", token: fixture.otherAdmin)
            #expect(refused.status == .conflict)
            #expect(refused.json["error"]?.string == "release_not_frozen")
            #expect(try await client.send(.get, "/v1/releases/\(second)", token: fixture.admin).json["status"]?.string == "pending")
            // The frozen copy of the first release is untouched.
            #expect(try await client.send(.get, "/v1/releases/\(releaseID)/files/dataset.jsonl", token: fixture.admin).text.contains("i1"))
        }
    }

    @Test("a release names the last approved release as its baseline; the console shows what it changes against it")
    func baselineAndComparison() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let key = try Ed25519PrivateKey.generate()
        try await fixture.withServer(launcher: SigningLauncher(store: fixture.store, key: key), releaseKey: key) { client in
            let first = try await Self.requestRelease(client, fixture, run: try await Self.finishedRun(client, fixture))
            #expect(try await client.send(.post, "/v1/releases/\(first)/approve", token: fixture.otherAdmin).status == .ok)
            let second = try await Self.requestRelease(client, fixture, run: try await Self.finishedRun(client, fixture))

            var console = ConsoleClient(client)
            _ = try await console.signIn(fixture.otherAdmin)
            let page = try await console.get("/console/releases")
            #expect(page.text.contains("Against \(first)"), "the pending release is compared with the approved one")
            #expect(page.text.contains("0 flipped preferences"))

            #expect(try await client.send(.post, "/v1/releases/\(second)/approve", token: fixture.otherAdmin).status == .ok)
            let envelope = try await client.send(.get, "/v1/releases/\(second)/attestation", token: fixture.admin).json
            let payloadText = try #require(envelope["payload"]?.string)
            let payload = try #require(Data(base64Encoded: payloadText))
            let statement = try JSONParser.parse([UInt8](payload))
            #expect(statement["predicate"]?["baseline_release"]?.stringValue == first)
            let firstEnvelope = try await client.send(.get, "/v1/releases/\(first)/attestation", token: fixture.admin).json
            let firstText = try #require(firstEnvelope["payload"]?.string)
            let firstPayload = try #require(Data(base64Encoded: firstText))
            #expect(try JSONParser.parse([UInt8](firstPayload))["predicate"]?["baseline_release"] == .null)
        }
    }

    @Test("without a signing key an approval is recorded but nothing is frozen")
    func withoutKeyNothingIsFrozen() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer(launcher: FakeLauncher(store: fixture.store)) { client in
            let runID = try await Self.finishedRun(client, fixture)
            let releaseID = try await Self.requestRelease(client, fixture, run: runID)
            let approved = try await client.send(.post, "/v1/releases/\(releaseID)/approve", token: fixture.otherAdmin)
            #expect(approved.status == .ok)
            #expect(approved.json["frozen"] == .bool(false))
            let attestation = try await client.send(.get, "/v1/releases/\(releaseID)/attestation", token: fixture.admin)
            #expect(attestation.status == .notFound)
            #expect(attestation.text.contains("approved without a signing key"))
        }
    }
}
