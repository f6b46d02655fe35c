import Foundation

/// An Ed25519 private key (RFC 8032) held in memory that is wiped when the last copy is released.
///
/// Its `description` never shows secret material.
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
    private let seed: SecretBytes
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    private init(key: EVPKey) throws {
        seed = try SecretBytes(count: 32) { try key.rawPrivateKey(into: $0) }
        publicKey = try Ed25519PublicKey(rawRepresentation: key.rawPublicKey())
    }

    /// Generates a new key with OpenSSL's CSPRNG.
    public static func generate() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(key: EVPKey.generateEd25519())
    }

    /// Wraps a 32-byte private seed (RFC 8032's "private key").
    public init(rawRepresentation: [UInt8]) throws {
        guard rawRepresentation.count == 32 else {
            throw AssayCryptoError.invalidKeyLength(expected: 32, actual: rawRepresentation.count)
        }
        try self.init(key: rawRepresentation.withUnsafeBytes { try EVPKey.ed25519Private(seed: $0) })
    }

    /// Reads an unencrypted PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), as written by
    /// `assay keygen` or `openssl genpkey -algorithm ed25519`.
    /// - Parameters:
    ///   - pemRepresentation: the PEM text.
    ///   - source: names the input in error messages (a file name).
    public init(pemRepresentation: String, source: String = "PEM input") throws {
        let key = try PEM.readPrivateKey(pemRepresentation, source: source)
        guard key.isEd25519 else { throw AssayCryptoError.notEd25519(source: source, algorithm: key.algorithmName) }
        try self.init(key: key)
    }

    /// Reads a private-key PEM file.
    public init(contentsOf url: URL) throws {
        try self.init(pemRepresentation: KeyFile.readText(url), source: url.path)
    }

    /// The key as unencrypted PKCS#8 PEM, readable by `openssl pkey`. Store it at mode 0600.
    public var pemRepresentation: String {
        get throws { try PEM.writePrivateKey(evpKey()) }
    }

    /// The 64-byte Ed25519 signature of `message` (deterministic: same key and message, same signature).
    public func signature(for message: [UInt8]) throws -> [UInt8] {
        let key = try evpKey()
        return try message.withUnsafeBytes { try key.sign($0) }
    }

    public var description: String { "Ed25519 private key for \(publicKey.keyID)" }

    private func evpKey() throws -> EVPKey {
        try seed.withBytes { try EVPKey.ed25519Private(seed: $0) }
    }
}
