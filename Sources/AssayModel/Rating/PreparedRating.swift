import AssayCrypto

/// A validated rating with its canonical content and digest already computed, so the
/// expensive encoding and hashing can run on another thread than the store writes.
public struct PreparedRating: Sendable {
    public let rating: Rating
    /// ``Rating/canonicalContentBytes``.
    public let content: [UInt8]
    /// SHA-256 of `content`, lowercase hex.
    public let digest: String

    public init(_ rating: Rating) {
        self.rating = rating
        content = rating.canonicalContentBytes
        digest = SHA256Digest.hash(content).hex
    }
}
