import AssayAttestation
import AssayCrypto
import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// After signing, every kind of change is caught with its own error naming the file or the signature.
@Suite("Attestation: tampering is caught")
struct AttestationTamperTests {
    /// Signs a fresh output folder and hands it, the key and the envelope's path to `body`.
    private func withSignedDirectory(_ body: (URL, Ed25519PrivateKey, URL) throws -> Void) throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            let key = try Ed25519PrivateKey.generate()
            try AttestationSigner(privateKey: key).sign(directory: out, predicate: JSONValue.object([("run", .number(1))]))
            _ = try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            try body(out, key, out.appendingPathComponent(AttestationSigner.envelopeFileName))
        }
    }

    private func envelopePath(_ out: URL) -> String { out.appendingPathComponent("attestation.dsse.json").path }

    @Test("changing one byte of any file", arguments: outputFileNames)
    func changedByte(name: String) throws {
        try withSignedDirectory { out, key, _ in
            let url = out.appendingPathComponent(name)
            var bytes = try [UInt8](Data(contentsOf: url))
            if bytes.isEmpty { bytes = [0] } else { bytes[bytes.count / 2] ^= 0x01 }
            try Data(bytes).write(to: url)
            let caught = #expect(throws: AttestationError.self) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
            guard case .digestMismatch(let file, let expected, let actual)? = caught else {
                Issue.record("expected digestMismatch, got \(String(describing: caught))")
                return
            }
            #expect(file == name)
            #expect(expected != actual)
            #expect(actual == SHA256Digest.hash(bytes).hex)
        }
    }

    @Test("changing one byte of the payload")
    func changedPayload() throws {
        try withSignedDirectory { out, key, envelopeURL in
            var envelope = try Envelope(jsonData: Data(contentsOf: envelopeURL))
            let index = try #require(envelope.payload.firstIndex(of: UInt8(ascii: "1")))  // "run":1
            envelope.payload[index] = UInt8(ascii: "2")
            try envelope.jsonData().write(to: envelopeURL)
            #expect(
                throws: AttestationError.signatureInvalid(
                    path: envelopePath(out), keyID: key.publicKey.keyID,
                    signatureKeyIDs: [key.publicKey.keyID])
            ) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("changing the payload type")
    func changedPayloadType() throws {
        try withSignedDirectory { out, key, envelopeURL in
            var envelope = try Envelope(jsonData: Data(contentsOf: envelopeURL))
            envelope.payloadType = "application/json"
            try envelope.jsonData().write(to: envelopeURL)
            #expect(
                throws: AttestationError.signatureInvalid(
                    path: envelopePath(out), keyID: key.publicKey.keyID,
                    signatureKeyIDs: [key.publicKey.keyID])
            ) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("changing one byte of the signature", arguments: [0, 31, 32, 63])
    func changedSignature(index: Int) throws {
        try withSignedDirectory { out, key, envelopeURL in
            var envelope = try Envelope(jsonData: Data(contentsOf: envelopeURL))
            envelope.signatures[0].sig[index] ^= 0x40
            try envelope.jsonData().write(to: envelopeURL)
            #expect(
                throws: AttestationError.signatureInvalid(
                    path: envelopePath(out), keyID: key.publicKey.keyID,
                    signatureKeyIDs: [key.publicKey.keyID])
            ) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("adding a file", arguments: ["extra.txt", "plugins/extra.bin", "new/dir/deep.txt"])
    func addedFile(name: String) throws {
        try withSignedDirectory { out, key, _ in
            let url = out.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
            #expect(throws: AttestationError.unlistedFile(name: name)) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("deleting a file", arguments: outputFileNames)
    func deletedFile(name: String) throws {
        try withSignedDirectory { out, key, _ in
            try FileManager.default.removeItem(at: out.appendingPathComponent(name))
            #expect(throws: AttestationError.missingFile(name: name)) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("verifying with the wrong key")
    func wrongKey() throws {
        try withSignedDirectory { out, key, _ in
            let other = try Ed25519PrivateKey.generate().publicKey
            let caught = #expect(
                throws: AttestationError.signatureInvalid(
                    path: envelopePath(out), keyID: other.keyID, signatureKeyIDs: [key.publicKey.keyID]
                )
            ) {
                try AttestationVerifier.verify(directory: out, publicKey: other)
            }
            #expect(caught?.description.contains("signature INVALID") == true)
        }
    }

    @Test("a missing, empty or non-DSSE envelope")
    func badEnvelope() throws {
        try withSignedDirectory { out, key, envelopeURL in
            let path = envelopeURL.path
            try FileManager.default.removeItem(at: envelopeURL)
            #expect(throws: AttestationError.envelopeMissing(path: path)) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
            try Data("not json".utf8).write(to: envelopeURL)
            #expect(throws: AttestationError.envelopeMalformed(path: path, detail: "not JSON")) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
            try Data(#"{"payloadType":"x","signatures":[]}"#.utf8).write(to: envelopeURL)
            #expect(throws: AttestationError.envelopeMalformed(path: path, detail: "missing 'payload'")) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
            try Data(#"{"payload":"e30=","payloadType":"application/vnd.in-toto+json","signatures":[]}"#.utf8).write(to: envelopeURL)
            #expect(throws: AttestationError.noSignatures(path: path)) {
                try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            }
        }
    }

    @Test("a correctly signed payload that is not a usable statement")
    func badStatement() throws {
        let key = try Ed25519PrivateKey.generate()
        let signer = AttestationSigner(privateKey: key)
        let verifier = AttestationVerifier(publicKey: key.publicKey)
        let cases: [(String, String)] = [
            ("[]", "the payload is not a Statement JSON object"),
            (#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"p","predicate":{}}"#, "subject is missing or not an array"),
            (
                #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":7}}],"predicateType":"p","predicate":{}}"#,
                "subject[0].digest.sha256 is not a string"
            ),
            (
                #"{"_type":"https://in-toto.io/Statement/v0.1","subject":[],"predicateType":"p","predicate":{}}"#,
                "_type is 'https://in-toto.io/Statement/v0.1', expected 'https://in-toto.io/Statement/v1'"
            ),
            (
                #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"00"}}],"predicateType":"p","predicate":{}}"#,
                "subject 'a' has no valid sha256 digest"
            ),
            (
                #"{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"a","digest":{"sha256":"\#(String(repeating: "0", count: 64))"}},{"name":"a","digest":{"sha256":"\#(String(repeating: "0", count: 64))"}}],"predicateType":"p","predicate":{}}"#,
                "subject 'a' is listed twice"
            ),
        ]
        for (payload, detail) in cases {
            let envelope = try signer.sign(payload: Array(payload.utf8), payloadType: Statement.payloadType)
            #expect(throws: AttestationError.statementMalformed(detail: detail)) { try verifier.verify(envelope: envelope) }
        }
        let other = try signer.sign(payload: Array("{}".utf8), payloadType: "text/plain")
        #expect(throws: AttestationError.unsupportedPayloadType(found: "text/plain", expected: Statement.payloadType)) {
            try verifier.verify(envelope: other)
        }
    }
}
