import AssayStore
import Foundation

/// A signed console session, carried in the `assay_console` cookie: which API token signed in, its role,
/// when the session ends, and a random nonce (which the CSRF token is derived from).
///
/// The cookie value is `v1.TOKEN_ID.ROLE.EXPIRES.NONCE.TAG`, where TAG is the HMAC-SHA256 (``ConsoleKey``)
/// of everything before it. Nothing is stored on the server: any node with the same key accepts it, and
/// every request also checks that the token is still active, so revoking the token ends its sessions.
struct ConsoleSession: Sendable, Equatable {
    static let cookieName = "assay_console"

    let tokenID: String
    let role: TokenRole
    /// Seconds since 1970.
    let expires: Int64
    let nonce: String

    /// A new session for `tokenID` lasting `lifetime`.
    static func start(tokenID: String, role: TokenRole, lifetime: Duration, now: Date = Date()) -> ConsoleSession {
        ConsoleSession(
            tokenID: tokenID, role: role, expires: Int64(now.timeIntervalSince1970) + lifetime.components.seconds, nonce: ConsoleNonce.make())
    }

    /// The signed cookie value.
    func cookieValue(key: ConsoleKey) -> String {
        let body = "v1.\(tokenID).\(role.rawValue).\(expires).\(nonce)"
        return body + "." + key.tag("session|" + body)
    }

    /// The session in a cookie value, or nil when it is malformed, signed with another key, or expired.
    static func verify(_ value: String, key: ConsoleKey, now: Date = Date()) -> ConsoleSession? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "v1", value.utf8.count < 512 else { return nil }
        let body = parts[0..<5].joined(separator: ".")
        guard key.isValid(tag: parts[5], for: "session|" + body), let role = TokenRole(rawValue: parts[2]), let expires = Int64(parts[3]),
            expires > Int64(now.timeIntervalSince1970)
        else { return nil }
        return ConsoleSession(tokenID: parts[1], role: role, expires: expires, nonce: parts[4])
    }

    /// The CSRF token of this session: a tag over its nonce and token, so it is the same for every form of the
    /// session and cannot be made without the key.
    func csrf(key: ConsoleKey) -> String { key.tag("csrf|\(nonce)|\(tokenID)") }
}

/// Random nonces for sessions and sign-in forms.
enum ConsoleNonce {
    /// 16 random bytes as hex.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
