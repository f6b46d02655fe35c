import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

/// Keys and signatures cross between Assay and the stock `openssl` command line in both directions.
@Suite("Ed25519 interoperates with the openssl CLI")
struct Ed25519OpenSSLInteropTests {
    @Test("keys made by Assay are read by openssl pkey")
    func assayKeysReadByOpenSSL() throws {
        try withTemporaryDirectory { dir in
            let key = try Ed25519PrivateKey.generate()
            let privatePEM = try key.pemRepresentation
            let publicPEM = try key.publicKey.pemRepresentation
            #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
            #expect(publicPEM.hasPrefix("-----BEGIN PUBLIC KEY-----\n"))
            try privatePEM.write(to: dir.appendingPathComponent("priv.pem"), atomically: true, encoding: .utf8)
            try publicPEM.write(to: dir.appendingPathComponent("pub.pem"), atomically: true, encoding: .utf8)

            let text = try OpenSSLTool.succeed(["pkey", "-in", "priv.pem", "-noout", "-text"], in: dir).stdoutText
            #expect(text.contains("ED25519 Private-Key"))
            // openssl derives the same public key from Assay's private key.
            let derived = try OpenSSLTool.succeed(["pkey", "-in", "priv.pem", "-pubout"], in: dir).stdoutText
            #expect(derived == publicPEM)
            let pubText = try OpenSSLTool.succeed(["pkey", "-pubin", "-in", "pub.pem", "-noout", "-text"], in: dir).stdoutText
            #expect(pubText.contains("ED25519 Public-Key"))
            // The raw key is the last 32 bytes of the DER SubjectPublicKeyInfo.
            let der = try OpenSSLTool.succeed(["pkey", "-pubin", "-in", "pub.pem", "-outform", "DER"], in: dir).stdout
            #expect([UInt8](der.suffix(32)) == key.publicKey.rawRepresentation)
        }
    }

    @Test("keys made by openssl genpkey are read by Assay")
    func openSSLKeysReadByAssay() throws {
        try withTemporaryDirectory { dir in
            try OpenSSLTool.succeed(["genpkey", "-algorithm", "ed25519", "-out", "priv.pem"], in: dir)
            try OpenSSLTool.succeed(["pkey", "-in", "priv.pem", "-pubout", "-out", "pub.pem"], in: dir)
            let key = try Ed25519PrivateKey(contentsOf: dir.appendingPathComponent("priv.pem"))
            let publicKey = try Ed25519PublicKey(contentsOf: dir.appendingPathComponent("pub.pem"))
            #expect(key.publicKey == publicKey)
            // Assay writes back exactly what openssl wrote.
            #expect(try key.pemRepresentation == String(contentsOf: dir.appendingPathComponent("priv.pem"), encoding: .utf8))
            #expect(try publicKey.pemRepresentation == String(contentsOf: dir.appendingPathComponent("pub.pem"), encoding: .utf8))
        }
    }

    @Test("a signature made by Assay verifies with openssl pkeyutl -verify -rawin")
    func assaySignatureVerifiedByOpenSSL() throws {
        try withTemporaryDirectory { dir in
            let key = try Ed25519PrivateKey.generate()
            try key.publicKey.pemRepresentation.write(to: dir.appendingPathComponent("pub.pem"), atomically: true, encoding: .utf8)
            let message = Array("DSSEv1 3 a/b 5 hello\u{0}\u{ff}".utf8)
            try Data(message).write(to: dir.appendingPathComponent("msg.bin"))
            let signature = try key.signature(for: message)
            #expect(signature.count == 64)
            try Data(signature).write(to: dir.appendingPathComponent("sig.bin"))

            let verify = ["pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "msg.bin", "-sigfile", "sig.bin"]
            let good = try OpenSSLTool.run(verify, in: dir)
            #expect(good.status == 0, "openssl rejected Assay's signature: \(good.stderr)")
            #expect(good.stdoutText.contains("Signature Verified Successfully"))

            var tampered = signature
            tampered[10] ^= 0x01
            try Data(tampered).write(to: dir.appendingPathComponent("sig.bin"))
            #expect(try OpenSSLTool.run(verify, in: dir).status != 0)
        }
    }

    @Test("a signature made by openssl verifies in Assay")
    func openSSLSignatureVerifiedByAssay() throws {
        try withTemporaryDirectory { dir in
            try OpenSSLTool.succeed(["genpkey", "-algorithm", "ed25519", "-out", "priv.pem"], in: dir)
            let message = Data((0..<1000).map { UInt8($0 % 251) })
            try message.write(to: dir.appendingPathComponent("msg.bin"))
            try OpenSSLTool.succeed(
                ["pkeyutl", "-sign", "-inkey", "priv.pem", "-rawin", "-in", "msg.bin", "-out", "sig.bin"], in: dir
            )
            let signature = try [UInt8](Data(contentsOf: dir.appendingPathComponent("sig.bin")))
            let key = try Ed25519PrivateKey(contentsOf: dir.appendingPathComponent("priv.pem"))
            #expect(key.publicKey.isValidSignature(signature, for: [UInt8](message)))
            // Ed25519 is deterministic: Assay makes the very same signature.
            #expect(try key.signature(for: [UInt8](message)) == signature)
            var other = [UInt8](message)
            other[0] ^= 0x80
            #expect(!key.publicKey.isValidSignature(signature, for: other))
        }
    }
}
