import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// `assay verify` on a real run: passes, then fails after any change.
@Suite("Verifying a run")
struct VerifyRunTests {
    @Test("an untouched run verifies")
    func untouched() throws {
        let result = try ProcessRunner.assay(["verify", CleanRun.shared.out, "--public-key", CleanRun.publicKey])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("OK: "))
    }

    @Test(
        "changing one byte of any output file fails, naming the file",
        arguments: ["dataset.jsonl", "scores.jsonl", "annotators.jsonl", "exclusions.jsonl", "report.md", "report.html"])
    func changedFile(_ name: String) throws {
        let folder = TemporaryDirectory("assay-tamper")
        let copy = try CleanRun.copy(CleanRun.shared.out, into: folder, name: "run")
        let url = URL(fileURLWithPath: copy + "/" + name)
        var bytes = [UInt8](try Data(contentsOf: url))
        // An empty file (no exclusions on honest data) changes by gaining a byte.
        if bytes.isEmpty { bytes = [0x0A] } else { bytes[bytes.count / 2] ^= 0x01 }
        try Data(bytes).write(to: url)
        let result = try ProcessRunner.assay(["verify", copy, "--public-key", CleanRun.publicKey])
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).contains(name))
    }

    /// Rewrites the envelope after changing its payload or signature.
    static func tamperEnvelope(_ folder: String, _ change: (inout [String: Any]) -> Void) throws {
        let url = URL(fileURLWithPath: folder + "/attestation.dsse.json")
        var envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        change(&envelope)
        try JSONSerialization.data(withJSONObject: envelope).write(to: url)
    }

    static func flip(base64: String, at fraction: Double) -> String {
        var bytes = [UInt8](Data(base64Encoded: base64)!)
        bytes[Int(Double(bytes.count - 1) * fraction)] ^= 0x04
        return Data(bytes).base64EncodedString()
    }

    @Test("changing one byte of the envelope's payload fails")
    func changedPayload() throws {
        let folder = TemporaryDirectory("assay-tamper")
        let copy = try CleanRun.copy(CleanRun.shared.out, into: folder, name: "run")
        try Self.tamperEnvelope(copy) { $0["payload"] = Self.flip(base64: $0["payload"] as! String, at: 0.5) }
        let result = try ProcessRunner.assay(["verify", copy, "--public-key", CleanRun.publicKey])
        #expect(result.status == 1)
        #expect((result.stdout + result.stderr).lowercased().contains("signature"))
    }

    @Test("changing one byte of the signature fails")
    func changedSignature() throws {
        let folder = TemporaryDirectory("assay-tamper")
        let copy = try CleanRun.copy(CleanRun.shared.out, into: folder, name: "run")
        try Self.tamperEnvelope(copy) { envelope in
            var signatures = envelope["signatures"] as! [[String: Any]]
            signatures[0]["sig"] = Self.flip(base64: signatures[0]["sig"] as! String, at: 0.3)
            envelope["signatures"] = signatures
        }
        let result = try ProcessRunner.assay(["verify", copy, "--public-key", CleanRun.publicKey])
        #expect(result.status == 1)
    }

    @Test("the wrong public key fails")
    func wrongKey() throws {
        let folder = TemporaryDirectory("assay-keys")
        let made = try ProcessRunner.assay(["keygen", "--private", folder.path("other.pem"), "--public", folder.path("other.pub.pem")])
        #expect(made.status == 0)
        let result = try ProcessRunner.assay(["verify", CleanRun.shared.out, "--public-key", folder.path("other.pub.pem")])
        #expect(result.status == 1)
    }

    @Test("the openssl command line verifies the envelope's signature over the DSSE PAE")
    func openssl() throws {
        let folder = TemporaryDirectory("assay-openssl")
        let envelope =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: CleanRun.shared.out + "/attestation.dsse.json"))) as! [String: Any]
        let payloadType = envelope["payloadType"] as! String
        #expect(payloadType == "application/vnd.in-toto+json")
        let payload = [UInt8](Data(base64Encoded: envelope["payload"] as! String)!)
        let signature = Data(base64Encoded: (envelope["signatures"] as! [[String: Any]])[0]["sig"] as! String)!
        // PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
        let pae = Array("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8) + payload
        try Data(pae).write(to: folder.url.appendingPathComponent("pae.bin"))
        try signature.write(to: folder.url.appendingPathComponent("sig.bin"))
        let result = try ProcessRunner.run(
            "/usr/bin/openssl",
            [
                "pkeyutl", "-verify", "-pubin", "-inkey", CleanRun.publicKey, "-rawin", "-in", folder.path("pae.bin"), "-sigfile",
                folder.path("sig.bin"),
            ])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Signature Verified Successfully"))
        // The statement lists every other file with its sha256.
        let statement = try JSONParser.parse(payload)
        guard case .array(let subjects)? = statement["subject"] else {
            Issue.record("no subject list")
            return
        }
        #expect(subjects.count == 6)
        #expect(statement["predicateType"]?.stringValue == "https://assay.dev/attestation/cleaning-run/v1")
        #expect(statement["predicate"]?["snapshot"]?["digest"]?.stringValue == "e1f65e851658a5349c1eb47d2d5ecaf8cfdae809e56385a4829a028c7e0c49c1")
    }
}
