import AssayAttestation
import AssayCrypto
import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// Signing a directory and verifying it, end to end, with real keys and files.
@Suite("Attestation: sign a directory, verify it")
struct AttestationRoundTripTests {
    let key: Ed25519PrivateKey

    init() throws {
        key = try Ed25519PrivateKey.generate()
    }

    @Test("a signed directory verifies, listing every file once with its sha256")
    func signAndVerify() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            let record = JSONValue.object([
                ("snapshotDigest", .string(String(repeating: "a", count: 64))),
                ("counts", .object([("ratings", .number(3)), ("kept", .number(2))])), ("assayVersion", .string("0.1.0")),
            ])
            let envelope = try AttestationSigner(privateKey: key).sign(directory: out, predicate: record)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("attestation.dsse.json").path))
            #expect(envelope.payloadType == "application/vnd.in-toto+json")
            #expect(envelope.signatures.map(\.keyID) == [key.publicKey.keyID])

            let verified = try AttestationVerifier.verify(directory: out, publicKey: key.publicKey)
            #expect(verified.files == outputFileNames)
            #expect(verified.keyID == key.publicKey.keyID)
            #expect(verified.statement.predicateType == AssayPredicate.cleaningRunV1)
            #expect(verified.statement.predicate["assayVersion"] == .string("0.1.0"))
            #expect(verified.statement.predicate["counts"]?["kept"] == .number(2))
            for subject in verified.statement.subject {
                let digest = try SHA256Digest.hash(contentsOf: out.appendingPathComponent(subject.name))
                #expect(subject.digest == ["sha256": digest.hex])
            }
        }
    }

    @Test("the payload is an in-toto Statement v1, compact with sorted keys")
    func statementShape() throws {
        try withTemporaryDirectory { dir in
            let out = dir.appendingPathComponent("o")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try Data("abc".utf8).write(to: out.appendingPathComponent("a.txt"))
            let predicate = JSONValue.object([("z", .number(1)), ("a", .array([.bool(true), .null, .number(0.5)]))])
            let envelope = try AttestationSigner(privateKey: key).sign(directory: out, predicate: predicate)
            let expected =
                #"{"_type":"https://in-toto.io/Statement/v1","predicate":{"a":[true,null,0.5],"z":1},"#
                + #""predicateType":"https://assay.dev/attestation/cleaning-run/v1","#
                + #""subject":[{"digest":{"sha256":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},"#
                + #""name":"a.txt"}]}"#
            #expect(String(decoding: envelope.payload, as: UTF8.self) == expected)
        }
    }

    @Test("signing twice gives a byte-identical envelope")
    func deterministic() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            let signer = AttestationSigner(privateKey: key)
            let envelopeURL = out.appendingPathComponent("attestation.dsse.json")
            try signer.sign(directory: out, predicate: JSONValue.object([("n", .number(1))]))
            let first = try Data(contentsOf: envelopeURL)
            // The existing envelope is never one of the subjects.
            try signer.sign(directory: out, predicate: JSONValue.object([("n", .number(1))]))
            #expect(try Data(contentsOf: envelopeURL) == first)
        }
    }

    @Test("files named in `excluding` are left out of the subjects")
    func excluding() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            let envelope = try AttestationSigner(privateKey: key).sign(
                directory: out, predicate: JSONValue.object([]), excluding: ["report.md"]
            )
            let statement = try AttestationVerifier(publicKey: key.publicKey).verify(envelope: envelope)
            #expect(statement.subject.map(\.name) == outputFileNames.filter { $0 != "report.md" })
        }
    }

    @Test("a predicate that is not a JSON object is refused")
    func predicateMustBeObject() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            #expect(throws: AttestationError.encodingFailed(detail: "the predicate must be a JSON object")) {
                try AttestationSigner(privateKey: key).sign(directory: out, predicate: JSONValue.string("x"))
            }
        }
    }

    @Test("any one valid signature among several is enough; the keyid hint is not trusted")
    func severalSignatures() throws {
        let signer = AttestationSigner(privateKey: key)
        let statement = Statement(subject: [], predicateType: "urn:test", predicate: .object([]))
        var envelope = try signer.sign(statement: statement)
        let other = try Ed25519PrivateKey.generate()
        let foreign = try AttestationSigner(privateKey: other).sign(statement: statement).signatures[0]
        envelope.signatures = [foreign, .init(keyID: "misleading", sig: envelope.signatures[0].sig)]
        #expect(try AttestationVerifier(publicKey: key.publicKey).verify(envelope: envelope) == statement)
    }

    @Test("symbolic links are refused, not followed")
    func symlinks() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)
            try FileManager.default.createSymbolicLink(atPath: out.appendingPathComponent("link").path, withDestinationPath: "/etc/hostname")
            #expect(throws: AttestationError.unsupportedFileType(name: "link", kind: "symbolic link")) {
                try AttestationSigner(privateKey: key).sign(directory: out, predicate: JSONValue.object([]))
            }
        }
    }
}
