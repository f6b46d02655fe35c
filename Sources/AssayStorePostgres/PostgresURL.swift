import Foundation

/// A `postgresql://USER[:PASSWORD]@HOST[:PORT]/DBNAME` (or `postgres://`) URL, parsed.
///
/// Query parameters are not supported (a `?` is refused), so that nothing is silently ignored;
/// user, password and database may be percent-encoded.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    /// The schemes this backend answers to.
    public static let schemes: Set<String> = ["postgresql", "postgres"]

    /// Parses `text`.
    /// - Throws: ``PostgresURLError`` naming what is missing (the message never repeats a password).
    public init(_ text: String) throws {
        guard let separator = text.range(of: "://"), Self.schemes.contains(text[..<separator.lowerBound].lowercased()) else {
            throw PostgresURLError(url: Self.redact(text), reason: "not a postgresql:// URL")
        }
        var rest = Substring(text[separator.upperBound...])
        if rest.contains("?") {
            throw PostgresURLError(url: Self.redact(text), reason: "query parameters are not supported; give postgresql://USER@HOST:PORT/DBNAME")
        }
        guard let slash = rest.firstIndex(of: "/") else {
            throw PostgresURLError(url: Self.redact(text), reason: "no database name (postgresql://USER@HOST:PORT/DBNAME)")
        }
        let database = String(rest[rest.index(after: slash)...]).removingPercentEncoding ?? ""
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError(url: Self.redact(text), reason: "no database name (postgresql://USER@HOST:PORT/DBNAME)")
        }
        rest = rest[..<slash]
        guard let at = rest.lastIndex(of: "@") else {
            throw PostgresURLError(url: Self.redact(text), reason: "no user name (postgresql://USER@HOST:PORT/DBNAME)")
        }
        let userInfo = rest[..<at]
        let hostPort = rest[rest.index(after: at)...]
        if let colon = userInfo.firstIndex(of: ":") {
            user = String(userInfo[..<colon]).removingPercentEncoding ?? ""
            password = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding
        } else {
            user = String(userInfo).removingPercentEncoding ?? ""
            password = nil
        }
        guard !user.isEmpty else {
            throw PostgresURLError(url: Self.redact(text), reason: "no user name (postgresql://USER@HOST:PORT/DBNAME)")
        }
        var hostText = String(hostPort)
        var portNumber = 5432
        if hostText.hasPrefix("[") {
            // An IPv6 literal: [::1]:5432.
            guard let close = hostText.firstIndex(of: "]") else {
                throw PostgresURLError(url: Self.redact(text), reason: "unclosed [ in the host")
            }
            let after = hostText[hostText.index(after: close)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()), (1...65535).contains(value) else {
                    throw PostgresURLError(url: Self.redact(text), reason: "the port must be a number from 1 to 65535")
                }
                portNumber = value
            }
            hostText = String(hostText[hostText.index(after: hostText.startIndex)..<close])
        } else if let colon = hostText.lastIndex(of: ":") {
            guard let value = Int(hostText[hostText.index(after: colon)...]), (1...65535).contains(value) else {
                throw PostgresURLError(url: Self.redact(text), reason: "the port must be a number from 1 to 65535")
            }
            portNumber = value
            hostText = String(hostText[..<colon])
        }
        guard !hostText.isEmpty else {
            throw PostgresURLError(url: Self.redact(text), reason: "no host (postgresql://USER@HOST:PORT/DBNAME)")
        }
        host = hostText
        port = portNumber
        self.database = database
    }

    /// The URL without its password: safe for messages and logs.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)\(password == nil ? "" : ":***")@\(shownHost):\(port)/\(database)"
    }

    /// `text` with the password of its user-info replaced by `***` (for messages about unparsable URLs).
    public static func redact(_ text: String) -> String {
        guard let separator = text.range(of: "://"),
            let at = text[separator.upperBound...].lastIndex(of: "@"),
            let colon = text[separator.upperBound..<at].firstIndex(of: ":")
        else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}

/// A `--db` URL that does not say where the database is.
public struct PostgresURLError: Error, Sendable, CustomStringConvertible {
    /// The URL, password removed.
    public let url: String
    public let reason: String

    public var description: String { "\(url): \(reason)" }
}
