import Foundation

/// CSRF tokens for the console's forms.
///
/// Signed in, a form carries ``ConsoleSession/csrf(key:)``. The sign-in form has no session yet: its GET
/// sets a short-lived signed cookie `assay_console_login` holding a nonce, and the form carries a tag over
/// that nonce; `POST /console/login` checks both (a signed double-submit cookie). A POST without the field,
/// or with a wrong one, is refused with 403 before anything else happens.
enum ConsoleCSRF {
    static let loginCookieName = "assay_console_login"
    /// How long a sign-in form stays usable.
    static let loginLifetime: Int64 = 3600

    /// A fresh sign-in cookie value: `NONCE.EXPIRES.TAG`.
    static func loginCookie(key: ConsoleKey, now: Date = Date()) -> String {
        let body = "\(ConsoleNonce.make()).\(Int64(now.timeIntervalSince1970) + loginLifetime)"
        return body + "." + key.tag("login|" + body)
    }

    /// The CSRF field value that goes with a sign-in cookie, or nil when the cookie is not valid.
    static func loginToken(cookie: String, key: ConsoleKey, now: Date = Date()) -> String? {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let expires = Int64(parts[1]), expires > Int64(now.timeIntervalSince1970),
            key.isValid(tag: parts[2], for: "login|\(parts[0]).\(parts[1])")
        else { return nil }
        return key.tag("login-csrf|" + parts[0])
    }

    /// Whether `presented` equals `expected`, in time that does not depend on where they differ.
    static func matches(_ presented: String?, _ expected: String?) -> Bool {
        guard let presented, let expected else { return false }
        let (a, b) = (Array(presented.utf8), Array(expected.utf8))
        guard a.count == b.count, !a.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in 0..<a.count { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
