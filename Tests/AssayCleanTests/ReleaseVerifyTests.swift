import AssayAttestation
import AssayCrypto
import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// Releases as artifacts: a real cleaning run frozen in a release archive, checked by `assay verify --release` (the
/// real binary) and by stock openssl, and refused when forged, changed or checked with the wrong key.
@Suite("Releases: frozen, signed, verified offline")
struct ReleaseVerifyTests {
    static func approval(_ id: String, requestedBy: String = "alice", approvedBy: String = "bob") -> ReleaseAttestation.Approval {
        ReleaseAttestation.Approval(
            releaseID: id, runID: "run-1", requestedBy: requestedBy, requestedAt: Timestamp(millisecondsSinceEpoch: 1_793_520_000_000),
            requestNote: "weekly", approvedBy: approvedBy, approvedAt: Timestamp(millisecondsSinceEpoch: 1_793_523_600_000),
            approvalNote: "looked at the flips")
    }

    static func verify(_ folder: URL, _ release: URL, key: String = CleanRun.publicKey) throws -> ProcessResult {
        try ProcessRunner.assay(["verify", folder.path, "--release", release.path, "--public-key", key])
    }

    @Test("an approved release verifies; a changed file, the wrong key and a one-person release fail")
    func verifyRelease() throws {
        let run = CleanRun.shared
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let folder = TemporaryDirectory("assay-release")
        let archive = ReleaseArchive(root: folder.url.appendingPathComponent("releases"))
        let key = try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: CleanRun.privateKey))
        let frozen = try archive.freeze(runOutput: URL(fileURLWithPath: run.out), approval: Self.approval("rel-1"), signingKey: key)
        #expect(frozen.folder.lastPathComponent == "sha256-\(frozen.runEnvelopeDigest)")
        let mode =
            try FileManager.default.attributesOfItem(atPath: frozen.folder.appendingPathComponent("dataset.jsonl").path)[
                .posixPermissions] as? Int
        #expect(mode == 0o444, "frozen files are read-only")

        let ok = try Self.verify(frozen.folder, frozen.attestation)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("OK: release rel-1 of run run-1: requested by alice, approved by bob"))

        // A second release of the same run shares the folder; the same release id cannot be frozen twice.
        let second = try archive.freeze(runOutput: URL(fileURLWithPath: run.out), approval: Self.approval("rel-2"), signingKey: key)
        #expect(second.folder.path == frozen.folder.path)
        #expect(throws: AttestationError.self) {
            try archive.freeze(runOutput: URL(fileURLWithPath: run.out), approval: Self.approval("rel-2"), signingKey: key)
        }
        #expect(try archive.frozen(releaseID: "rel-2")?.folder.path == frozen.folder.path)
        #expect(try archive.frozen(releaseID: "rel-9") == nil)

        // The wrong key.
        let other = folder.path("other-pub.pem")
        try Ed25519PrivateKey.generate().publicKey.pemRepresentation.write(toFile: other, atomically: true, encoding: .utf8)
        let wrongKey = try Self.verify(frozen.folder, frozen.attestation, key: other)
        #expect(wrongKey.status != 0 && wrongKey.stderr.contains("signature INVALID"), "\(wrongKey.stderr)")

        // A release the requester approved alone, forged by signing the statement directly.
        let forged = folder.url.appendingPathComponent("forged.dsse.json")
        let runEnvelope = frozen.folder.appendingPathComponent("attestation.dsse.json")
        let statement = Statement(
            subject: [.init(name: "attestation.dsse.json", sha256: try SHA256Digest.hash(contentsOf: runEnvelope).hex)],
            predicateType: AssayPredicate.releaseV1, predicate: Self.approval("rel-3", requestedBy: "mallory", approvedBy: "mallory").json)
        try AttestationSigner(privateKey: key).sign(statement: statement).jsonData().write(to: forged)
        let alone = try Self.verify(frozen.folder, forged)
        #expect(alone.status != 0 && alone.stderr.contains("two-person rule broken: mallory"), "\(alone.stderr)")
        #expect(throws: AttestationError.sameRequesterAndApprover("mallory")) {
            try archive.freeze(
                runOutput: URL(fileURLWithPath: run.out), approval: Self.approval("rel-4", requestedBy: "mallory", approvedBy: "mallory"),
                signingKey: key)
        }

        // A changed file in the frozen folder (root may write despite the mode).
        let dataset = frozen.folder.appendingPathComponent("dataset.jsonl")
        let original = try Data(contentsOf: dataset)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: dataset.path)
        try Data(original + Data("{\"prompt\":\"planted\"}\n".utf8)).write(to: dataset)
        let changed = try Self.verify(frozen.folder, frozen.attestation)
        #expect(changed.status != 0 && changed.stderr.contains("dataset.jsonl: sha256 mismatch"), "\(changed.stderr)")
        try original.write(to: dataset)
        #expect(try Self.verify(frozen.folder, frozen.attestation).status == 0)
    }

    @Test("the release envelope verifies with stock openssl, as the run's does")
    func releaseVerifiesWithOpenSSL() throws {
        let run = CleanRun.shared
        let folder = TemporaryDirectory("assay-release-openssl")
        let key = try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: CleanRun.privateKey))
        let frozen = try ReleaseArchive(root: folder.url).freeze(
            runOutput: URL(fileURLWithPath: run.out), approval: Self.approval("rel-o"), signingKey: key)
        let envelope = try JSONParser.parse([UInt8](Data(contentsOf: frozen.attestation)))
        let payloadText = try #require(envelope["payload"]?.stringValue)
        let payload = try #require(Data(base64Encoded: payloadText))
        guard case .array(let signatures)? = envelope["signatures"], let sig = signatures.first?["sig"]?.stringValue else {
            Issue.record("no signature")
            return
        }
        let type = try #require(envelope["payloadType"]?.stringValue)
        let pae = Data("DSSEv1 \(type.utf8.count) \(type) \(payload.count) ".utf8) + payload
        try pae.write(to: folder.url.appendingPathComponent("pae.bin"))
        let signature = try #require(Data(base64Encoded: sig))
        try signature.write(to: folder.url.appendingPathComponent("sig.bin"))
        try OpenSSLTool.succeed(
            ["pkeyutl", "-verify", "-pubin", "-inkey", CleanRun.publicKey, "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin"], in: folder.url)
        let statement = try JSONParser.parse([UInt8](payload))
        #expect(statement["predicateType"]?.stringValue == AssayPredicate.releaseV1)
        #expect(statement["predicate"]?["approved_by"]?.stringValue == "bob")
    }
}
