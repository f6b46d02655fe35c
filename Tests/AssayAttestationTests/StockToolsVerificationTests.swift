import AssayAttestation
import AssayCrypto
import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// The envelope verifies with stock tools only, as Docs/verify.md describes: JSON parsing and base64
/// from Foundation (standing in for python/jq/base64), the PAE rebuilt by hand, and the openssl CLI.
@Suite("Attestation verifies with the openssl command line")
struct StockToolsVerificationTests {
    @Test("openssl pkeyutl -verify -rawin accepts the signature over a rebuilt PAE, and openssl dgst the subjects")
    func openSSLVerifiesEnvelope() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            let key = try Ed25519PrivateKey.generate()
            try key.publicKey.pemRepresentation.write(to: dir.appendingPathComponent("pub.pem"), atomically: true, encoding: .utf8)
            try AttestationSigner(privateKey: key).sign(directory: out, predicate: JSONValue.object([("x", .string("y"))]))

            // Read the envelope without Assay's types.
            let envelopeData = try Data(contentsOf: out.appendingPathComponent("attestation.dsse.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: envelopeData) as? [String: Any])
            let payloadType = try #require(object["payloadType"] as? String)
            let payloadText = try #require(object["payload"] as? String)
            let payload = try #require(Data(base64Encoded: payloadText))
            let signatures = try #require(object["signatures"] as? [[String: Any]])
            let signatureText = try #require(signatures.first?["sig"] as? String)
            let signature = try #require(Data(base64Encoded: signatureText))

            // PAE = "DSSEv1" SP len(type) SP type SP len(body) SP body
            var pae = Data("DSSEv1 \(payloadType.utf8.count) \(payloadType) \(payload.count) ".utf8)
            pae.append(payload)
            try pae.write(to: dir.appendingPathComponent("pae.bin"))
            try signature.write(to: dir.appendingPathComponent("sig.bin"))

            let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "pae.bin", "-sigfile", "sig.bin"]
            let result = try OpenSSLTool.run(verify, in: dir)
            #expect(result.status == 0, "openssl rejected the envelope: \(result.stderr)")
            #expect(result.stdoutText.contains("Signature Verified Successfully"))

            // Every subject's sha256 matches `openssl dgst -sha256` of the file.
            let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
            #expect(statement["_type"] as? String == "https://in-toto.io/Statement/v1")
            let subjects = try #require(statement["subject"] as? [[String: Any]])
            #expect(subjects.count == outputFileNames.count)
            for subject in subjects {
                let name = try #require(subject["name"] as? String)
                let sha256 = try #require((subject["digest"] as? [String: String])?["sha256"])
                let dgst = try OpenSSLTool.succeed(["dgst", "-sha256", "-r", name], in: out).stdoutText
                #expect(dgst.hasPrefix(sha256 + " "), "\(name)")
            }

            // And openssl rejects the same signature over a PAE with one payload byte changed.
            var tampered = pae
            tampered[tampered.count - 3] ^= 0x01
            try tampered.write(to: dir.appendingPathComponent("pae.bin"))
            #expect(try OpenSSLTool.run(verify, in: dir).status != 0)
        }
    }

    @Test("an envelope signed by openssl over Assay's PAE verifies in Assay")
    func openSSLSignedEnvelopeVerifiesInAssay() throws {
        try withTemporaryDirectory { dir in
            try OpenSSLTool.succeed(["genpkey", "-algorithm", "ed25519", "-out", "priv.pem"], in: dir)
            let publicKey = try Ed25519PrivateKey(contentsOf: dir.appendingPathComponent("priv.pem")).publicKey
            let statement = Statement(
                subject: [.init(name: "f", sha256: SHA256Digest.hash("f").hex)],
                predicateType: "urn:test", predicate: .object([]))
            let payload = statement.serialized()
            try Data(PAE.encode(payloadType: Statement.payloadType, payload: payload)).write(to: dir.appendingPathComponent("pae.bin"))
            try OpenSSLTool.succeed(["pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-in", "pae.bin", "-out", "sig.bin"], in: dir)
            let sig = try [UInt8](Data(contentsOf: dir.appendingPathComponent("sig.bin")))
            let envelope = Envelope(payload: payload, payloadType: Statement.payloadType, signatures: [.init(keyID: nil, sig: sig)])
            #expect(try AttestationVerifier(publicKey: publicKey).verify(envelope: envelope) == statement)
        }
    }
}
