import Foundation

/// An Ed25519 public key (RFC 8032), used to verify Assay's signatures.
public struct Ed25519PublicKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 raw public-key bytes.
    public let rawRepresentation: [UInt8]

    /// Wraps 32 raw public-key bytes.
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else {
            throw AssayCryptoError.invalidKeyLength(expected: 32, actual: rawRepresentation.count)
        }
        // Let OpenSSL accept it once, so a key that can never verify is rejected here.
        _ = try EVPKey.ed25519Public(rawRepresentation)
        self.rawRepresentation = rawRepresentation
    }

    /// Reads a SubjectPublicKeyInfo PEM (`-----BEGIN PUBLIC KEY-----`), as written by
    /// `assay keygen` or `openssl pkey -pubout`.
    /// - Parameters:
    ///   - pemRepresentation: the PEM text.
    ///   - source: names the input in error messages (a file name).
    public init(pemRepresentation: String, source: String = "PEM input") throws {
        let key = try PEM.readPublicKey(pemRepresentation, source: source)
        guard key.isEd25519 else { throw AssayCryptoError.notEd25519(source: source, algorithm: key.algorithmName) }
        self.rawRepresentation = try key.rawPublicKey()
    }

    /// Reads a public-key PEM file.
    public init(contentsOf url: URL) throws {
        try self.init(pemRepresentation: KeyFile.readText(url), source: url.path)
    }

    /// The key as SubjectPublicKeyInfo PEM, readable by `openssl pkey -pubin`.
    public var pemRepresentation: String {
        get throws { try PEM.writePublicKey(EVPKey.ed25519Public(rawRepresentation)) }
    }

    /// Assay's key id: the lowercase hex SHA-256 of the 32 raw public-key bytes.
    public var keyID: String { SHA256Digest.hash(rawRepresentation).hex }

    /// Whether `signature` is a valid Ed25519 signature of `message` under this key.
    public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? EVPKey.ed25519Public(rawRepresentation) else { return false }
        return signature.withUnsafeBytes { sig in
            message.withUnsafeBytes { key.verify(sig, message: $0) }
        }
    }

    public var description: String { "Ed25519 public key \(keyID)" }
}
