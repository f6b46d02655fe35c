import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

@Suite("Ed25519 known answers and key ids")
struct Ed25519KnownAnswerTests {
    /// RFC 8032 section 7.1, TEST 1 (empty message).
    @Test("RFC 8032 test 1")
    func rfc8032Test1() throws {
        let seed = [UInt8](Data(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let key = try Ed25519PrivateKey(rawRepresentation: seed)
        #expect(Hex.encode(key.publicKey.rawRepresentation) == "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let expected =
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065"
            + "224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        #expect(Hex.encode(try key.signature(for: [])) == expected)
        #expect(key.publicKey.isValidSignature(Array(Data(hex: expected)), for: []))
        #expect(!key.publicKey.isValidSignature(Array(Data(hex: expected)), for: [0]))
    }

    @Test("the key id is the sha256 of the raw public key")
    func keyID() throws {
        let key = try Ed25519PrivateKey.generate()
        #expect(key.publicKey.keyID == SHA256Digest.hash(key.publicKey.rawRepresentation).hex)
        #expect(key.publicKey.keyID.count == 64)
        #expect(!key.description.contains(try key.pemRepresentation))
    }

    @Test("the checked-in test key pair reads, matches and has its recorded key id")
    func fixtureKeys() throws {
        let folder = repositoryRoot.appendingPathComponent("Fixtures/keys")
        let key = try Ed25519PrivateKey(contentsOf: folder.appendingPathComponent("test-ed25519-private.pem"))
        let publicKey = try Ed25519PublicKey(contentsOf: folder.appendingPathComponent("test-ed25519-public.pem"))
        #expect(key.publicKey == publicKey)
        let recorded = try String(contentsOf: folder.appendingPathComponent("test-ed25519.keyid"), encoding: .utf8)
        #expect(publicKey.keyID == recorded.trimmingCharacters(in: .whitespacesAndNewlines))
        let message = Array("fixture".utf8)
        #expect(publicKey.isValidSignature(try key.signature(for: message), for: message))
    }

    @Test("raw keys of the wrong length are refused", arguments: [0, 31, 33, 64])
    func wrongLength(count: Int) {
        let bytes = [UInt8](repeating: 7, count: count)
        #expect(throws: AssayCryptoError.invalidKeyLength(expected: 32, actual: count)) {
            try Ed25519PrivateKey(rawRepresentation: bytes)
        }
        #expect(throws: AssayCryptoError.invalidKeyLength(expected: 32, actual: count)) {
            try Ed25519PublicKey(rawRepresentation: bytes)
        }
    }

    @Test("signatures of the wrong length never verify", arguments: [0, 63, 65, 128])
    func wrongSignatureLength(count: Int) throws {
        let key = try Ed25519PrivateKey.generate()
        var signature = try key.signature(for: [1, 2, 3])
        signature = Array((signature + signature).prefix(count))
        #expect(!key.publicKey.isValidSignature(signature, for: [1, 2, 3]))
    }

    @Test("private keys are Sendable and sign from many tasks at once")
    func concurrentSigning() async throws {
        let key = try Ed25519PrivateKey.generate()
        let results = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<32 {
                group.addTask {
                    let message = Array("message \(index)".utf8)
                    return key.publicKey.isValidSignature(try key.signature(for: message), for: message)
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 32 && results.allSatisfy { $0 })
    }
}
