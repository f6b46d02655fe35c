import AssayCrypto
import AssayModel

/// What an API token may do. Roles are not hierarchical: each endpoint names the roles it accepts.
public enum TokenRole: String, Sendable, Codable, CaseIterable {
    /// An annotation platform: sends ratings, looks up annotators.
    case ingest
    /// A trust-and-safety reviewer: works the review queue.
    case reviewer
    /// An operator: runs, releases, the audit log, everything else.
    case admin
}

/// A stored API token: its identity and the SHA-256 of its secret (never the secret itself).
public struct APIToken: Sendable, Equatable {
    /// Stable id (`tok-…`), shown by `assay token list`.
    public let tokenID: String
    /// Human name; the actor recorded in provenance and the audit log.
    public let name: String
    public let role: TokenRole
    /// Lower-case hex SHA-256 of the secret.
    public let secretSHA256: String
    public let createdAt: Timestamp
    public let createdBy: String
    /// When it was revoked, if it was.
    public let revokedAt: Timestamp?

    public var isActive: Bool { revokedAt == nil }

    public init(
        tokenID: String, name: String, role: TokenRole, secretSHA256: String, createdAt: Timestamp, createdBy: String,
        revokedAt: Timestamp?
    ) {
        self.tokenID = tokenID
        self.name = name
        self.role = role
        self.secretSHA256 = secretSHA256
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.revokedAt = revokedAt
    }
}

/// Making and checking token secrets.
public enum TokenSecret {
    /// The prefix every secret carries, so a leaked token is recognisable (`assay_…`).
    public static let prefix = "assay_"

    /// A fresh secret: the prefix and 32 random bytes in hex.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + Hex.encode(bytes)
    }

    /// A fresh token id: `tok-` and 8 random bytes in hex.
    public static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "tok-" + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// The hash stored for a secret.
    public static func hash(_ secret: String) -> String {
        SHA256Digest.hash(secret).hex
    }

    /// Compares two byte strings in time that depends only on their lengths.
    public static func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBufferPointer { left in
            rhs.withUnsafeBufferPointer { right in
                var difference: UInt8 = 0
                for index in 0..<left.count { difference |= left[index] ^ right[index] }
                return difference == 0
            }
        }
    }
}
