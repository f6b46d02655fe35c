import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

/// Every kind of wrong key file gives its own error naming the file, never a crash.
@Suite("Bad PEM input gives specific errors")
struct PEMErrorTests {
    enum Role: String, CaseIterable, Sendable { case privateKey, publicKey }

    enum BadInput: String, CaseIterable, Sendable {
        case empty, plainText, binaryGarbage, publicKeyFile, privateKeyFile, certificate, encrypted
        case rsaPKCS8, ecPKCS8, ed448Private, ed448Public, legacyRSALabel, corruptedBody, truncatedDER

        /// Writes the input to `file`, using the openssl CLI where a real key of another kind is needed.
        func write(to file: URL, in dir: URL) throws {
            func openssl(_ arguments: [String]) throws { try OpenSSLTool.succeed(arguments, in: dir) }
            func text(_ string: String) throws { try string.write(to: file, atomically: true, encoding: .utf8) }
            switch self {
            case .empty: try text("")
            case .plainText: try text("this is not a key\n")
            case .binaryGarbage: try Data([0x30, 0x82, 0xff, 0xfe, 0x00, 0xc3, 0x28]).write(to: file)
            case .publicKeyFile:
                try openssl(["genpkey", "-algorithm", "ed25519", "-out", "k.pem"])
                try openssl(["pkey", "-in", "k.pem", "-pubout", "-out", file.path])
            case .privateKeyFile: try openssl(["genpkey", "-algorithm", "ed25519", "-out", file.path])
            case .certificate:
                try openssl(["genpkey", "-algorithm", "ed25519", "-out", "k.pem"])
                try openssl(["req", "-x509", "-new", "-key", "k.pem", "-subj", "/CN=assay-test", "-days", "1", "-out", file.path])
            case .encrypted:
                try openssl(["genpkey", "-algorithm", "ed25519", "-aes256", "-pass", "pass:secret", "-out", file.path])
            case .rsaPKCS8:
                try openssl(["genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", file.path])
            case .ecPKCS8:
                try openssl(["genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", file.path])
            case .ed448Private: try openssl(["genpkey", "-algorithm", "ed448", "-out", file.path])
            case .ed448Public:
                try openssl(["genpkey", "-algorithm", "ed448", "-out", "k.pem"])
                try openssl(["pkey", "-in", "k.pem", "-pubout", "-out", file.path])
            case .legacyRSALabel: try text("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n")
            case .corruptedBody:
                try text("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI!!!not base64!!!\n-----END PRIVATE KEY-----\n")
            case .truncatedDER:
                // A valid base64 body whose DER ends early.
                try text("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n")
            }
        }

        /// The error reading it as `role`; `nil` means "malformedKey, whatever OpenSSL's detail".
        func expected(_ role: Role, source: String) -> AssayCryptoError? {
            let wantPrivate = "a private key ('PRIVATE KEY')"
            let wantPublic = "a public key ('PUBLIC KEY')"
            switch (self, role) {
            case (.empty, _), (.plainText, _), (.binaryGarbage, _): return .notPEM(source: source)
            case (.publicKeyFile, .privateKey), (.ed448Public, .privateKey), (.truncatedDER, .privateKey):
                return .wrongPEMType(source: source, expected: wantPrivate, found: "PUBLIC KEY")
            case (.publicKeyFile, .publicKey): return nil  // not an error: see `goodInputReads`
            case (.privateKeyFile, .publicKey), (.rsaPKCS8, .publicKey), (.ecPKCS8, .publicKey),
                (.ed448Private, .publicKey), (.corruptedBody, .publicKey):
                return .wrongPEMType(source: source, expected: wantPublic, found: "PRIVATE KEY")
            case (.privateKeyFile, .privateKey): return nil
            case (.certificate, .privateKey): return .wrongPEMType(source: source, expected: wantPrivate, found: "CERTIFICATE")
            case (.certificate, .publicKey): return .wrongPEMType(source: source, expected: wantPublic, found: "CERTIFICATE")
            case (.encrypted, .privateKey): return .encryptedPrivateKey(source: source)
            case (.encrypted, .publicKey):
                return .wrongPEMType(source: source, expected: wantPublic, found: "ENCRYPTED PRIVATE KEY")
            case (.rsaPKCS8, .privateKey): return .notEd25519(source: source, algorithm: "RSA")
            case (.ecPKCS8, .privateKey): return .notEd25519(source: source, algorithm: "EC")
            case (.ed448Private, .privateKey): return .notEd25519(source: source, algorithm: "ED448")
            case (.ed448Public, .publicKey): return .notEd25519(source: source, algorithm: "ED448")
            case (.legacyRSALabel, .privateKey): return .notEd25519(source: source, algorithm: "RSA")
            case (.legacyRSALabel, .publicKey):
                return .wrongPEMType(source: source, expected: wantPublic, found: "RSA PRIVATE KEY")
            case (.corruptedBody, .privateKey), (.truncatedDER, .publicKey): return nil
            }
        }

        var isValidFor: Role? {
            switch self {
            case .publicKeyFile: return .publicKey
            case .privateKeyFile: return .privateKey
            default: return nil
            }
        }
    }

    @Test("wrong input read as a key", arguments: BadInput.allCases, Role.allCases)
    func badInput(input: BadInput, role: Role) throws {
        guard input.isValidFor != role else { return }
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("\(input.rawValue).pem")
            try input.write(to: file, in: dir)
            let caught = #expect(throws: AssayCryptoError.self) {
                switch role {
                case .privateKey: _ = try Ed25519PrivateKey(contentsOf: file)
                case .publicKey: _ = try Ed25519PublicKey(contentsOf: file)
                }
            }
            guard let caught else { return }
            if let expected = input.expected(role, source: file.path) {
                #expect(caught == expected)
            } else {
                guard case .malformedKey(let source, let detail) = caught else {
                    Issue.record("expected malformedKey, got \(caught)")
                    return
                }
                #expect(source == file.path)
                #expect(!detail.isEmpty)
            }
            // Every message names the file.
            #expect(caught.description.contains(file.path))
        }
    }

    @Test("the valid inputs of the table do read")
    func goodInputReads() throws {
        try withTemporaryDirectory { dir in
            let priv = dir.appendingPathComponent("priv.pem")
            let pub = dir.appendingPathComponent("pub.pem")
            try BadInput.privateKeyFile.write(to: priv, in: dir)
            try BadInput.publicKeyFile.write(to: pub, in: dir)
            _ = try Ed25519PrivateKey(contentsOf: priv)
            _ = try Ed25519PublicKey(contentsOf: pub)
        }
    }

    @Test("a missing file is reported as unreadable, naming it")
    func missingFile() throws {
        let file = URL(fileURLWithPath: "/nonexistent/assay/key.pem")
        let caught = #expect(throws: AssayCryptoError.self) { try Ed25519PublicKey(contentsOf: file) }
        guard case .fileUnreadable(let path, _)? = caught else {
            Issue.record("expected fileUnreadable, got \(String(describing: caught))")
            return
        }
        #expect(path == file.path)
    }

    @Test("PEM text from memory names its source label")
    func inMemorySource() {
        #expect(throws: AssayCryptoError.notPEM(source: "PEM input")) { try Ed25519PrivateKey(pemRepresentation: "nope") }
        #expect(throws: AssayCryptoError.notPEM(source: "--public-key")) {
            try Ed25519PublicKey(pemRepresentation: "", source: "--public-key")
        }
    }
}
