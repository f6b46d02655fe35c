import COpenSSL
import Foundation

/// The PEM labels Assay reads and writes, and reading keys out of PEM text with OpenSSL.
enum PEM {
    /// `-----BEGIN PRIVATE KEY-----`: unencrypted PKCS#8 (RFC 5958).
    static let privateKeyLabel = "PRIVATE KEY"
    /// `-----BEGIN PUBLIC KEY-----`: SubjectPublicKeyInfo (RFC 5280).
    static let publicKeyLabel = "PUBLIC KEY"
    static let encryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY"

    /// The labels of the `-----BEGIN label-----` lines in `text`, in order.
    static func labels(in text: String) -> [String] {
        var labels: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("-----BEGIN "), trimmed.hasSuffix("-----"), trimmed.count > 16 else { continue }
            labels.append(String(trimmed.dropFirst(11).dropLast(5)))
        }
        return labels
    }

    /// Legacy private-key labels naming another algorithm than Ed25519.
    private static let otherAlgorithmPrivateLabels: [String: String] = [
        "RSA PRIVATE KEY": "RSA", "EC PRIVATE KEY": "EC", "DSA PRIVATE KEY": "DSA",
        "OPENSSH PRIVATE KEY": "OpenSSH-format",
    ]

    /// Reads the first private key in `text` (PKCS#8 `PRIVATE KEY`); checks nothing about its algorithm.
    static func readPrivateKey(_ text: String, source: String) throws -> EVPKey {
        let labels = labels(in: text)
        guard let first = labels.first else { throw AssayCryptoError.notPEM(source: source) }
        if !labels.contains(privateKeyLabel) {
            if labels.contains(encryptedPrivateKeyLabel) { throw AssayCryptoError.encryptedPrivateKey(source: source) }
            if let algorithm = labels.lazy.compactMap({ otherAlgorithmPrivateLabels[$0] }).first {
                throw AssayCryptoError.notEd25519(source: source, algorithm: algorithm)
            }
            throw AssayCryptoError.wrongPEMType(source: source, expected: "a private key ('PRIVATE KEY')", found: first)
        }
        OpenSSLError.clear()
        let key = try MemoryBIO.reading(Array(text.utf8)) { bio in
            // A callback that gives no passphrase, so OpenSSL never prompts on the terminal.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key else { throw AssayCryptoError.malformedKey(source: source, detail: OpenSSLError.drain()) }
        return EVPKey(taking: key)
    }

    /// Reads the first public key in `text` (SubjectPublicKeyInfo `PUBLIC KEY`).
    static func readPublicKey(_ text: String, source: String) throws -> EVPKey {
        let labels = labels(in: text)
        guard let first = labels.first else { throw AssayCryptoError.notPEM(source: source) }
        guard labels.contains(publicKeyLabel) else {
            throw AssayCryptoError.wrongPEMType(source: source, expected: "a public key ('PUBLIC KEY')", found: first)
        }
        OpenSSLError.clear()
        let key = try MemoryBIO.reading(Array(text.utf8)) { bio in
            PEM_read_bio_PUBKEY(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key else { throw AssayCryptoError.malformedKey(source: source, detail: OpenSSLError.drain()) }
        return EVPKey(taking: key)
    }

    /// `key` as unencrypted PKCS#8 PEM.
    static func writePrivateKey(_ key: EVPKey) throws -> String {
        let bytes = try MemoryBIO.writing("PEM_write_bio_PKCS8PrivateKey") { bio in
            PEM_write_bio_PKCS8PrivateKey(bio, key.pointer, nil, nil, 0, nil, nil)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `key`'s public half as SubjectPublicKeyInfo PEM.
    static func writePublicKey(_ key: EVPKey) throws -> String {
        let bytes = try MemoryBIO.writing("PEM_write_bio_PUBKEY") { bio in
            PEM_write_bio_PUBKEY(bio, key.pointer)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
