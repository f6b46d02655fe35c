/// Everything that can go wrong reading, writing or using a key, with a message a user can act on.
///
/// `source` names where the input came from: a file path, or a short label such as "PEM input".
public enum AssayCryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input holds no `-----BEGIN …-----` block.
    case notPEM(source: String)
    /// The PEM block is of another kind than the one asked for (a public key where a private key was expected, a certificate, …).
    case wrongPEMType(source: String, expected: String, found: String)
    /// The private key is protected by a passphrase; Assay reads unencrypted PKCS#8 only.
    case encryptedPrivateKey(source: String)
    /// The key is valid but not an Ed25519 key.
    case notEd25519(source: String, algorithm: String)
    /// The PEM block could not be decoded as a key.
    case malformedKey(source: String, detail: String)
    /// Raw key bytes of the wrong length.
    case invalidKeyLength(expected: Int, actual: Int)
    /// A key file could not be read.
    case fileUnreadable(path: String, reason: String)
    /// Refused to replace a file that already exists.
    case fileExists(path: String)
    /// A key file could not be written.
    case fileWriteFailed(path: String, reason: String)
    /// The system OpenSSL reported a failure in an operation that should not fail.
    case openSSL(operation: String, detail: String)

    public var description: String {
        switch self {
        case .notPEM(let source):
            return "\(source): not a PEM file (no '-----BEGIN …-----' line); expected an Ed25519 key in PEM form"
        case .wrongPEMType(let source, let expected, let found):
            return "\(source): holds a PEM '\(found)' block, but \(expected) is expected"
        case .encryptedPrivateKey(let source):
            return "\(source): the private key is encrypted with a passphrase; "
                + "decrypt it first (openssl pkey -in KEY -out PLAIN.pem) and keep the plain file at mode 0600"
        case .notEd25519(let source, let algorithm):
            return "\(source): holds a key of type \(algorithm), but Assay signs with Ed25519 only "
                + "(make one with 'assay keygen' or 'openssl genpkey -algorithm ed25519')"
        case .malformedKey(let source, let detail):
            return "\(source): the PEM block is not a readable key (\(detail))"
        case .invalidKeyLength(let expected, let actual):
            return "an Ed25519 key has \(expected) bytes, got \(actual)"
        case .fileUnreadable(let path, let reason):
            return "\(path): cannot read the file (\(reason))"
        case .fileExists(let path):
            return "\(path): already exists; refusing to overwrite it (pass --force to replace it)"
        case .fileWriteFailed(let path, let reason):
            return "\(path): cannot write the file (\(reason))"
        case .openSSL(let operation, let detail):
            return "OpenSSL failed in \(operation) (\(detail))"
        }
    }
}
