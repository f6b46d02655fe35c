import AssayStore
import PostgresNIO

/// Turns postgres-nio's errors (whose `description` hides everything) into messages a user can
/// act on, and lock waits past the busy timeout into ``StoreError/busy(reason:)``.
enum PostgresFailure {
    /// SQLSTATEs that mean "another writer was in the way; retry": lock_not_available,
    /// deadlock_detected, serialization_failure.
    static let retryable: Set<String> = ["55P03", "40P01", "40001"]

    /// `error` as a ``StoreError`` where it is one of ours, or with a readable message.
    static func wrap(_ error: any Error) -> any Error {
        if error is StoreError || error is PostgresServerError { return error }
        guard let error = error as? PSQLError else { return error }
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "error"
            if retryable.contains(state) { return StoreError.busy(reason: "PostgreSQL: \(message)") }
            return PostgresServerError(sqlState: state, message: message, detail: info[.detail])
        }
        var text = "\(error.code)"
        if let underlying = error.underlying { text += ": \(underlying)" }
        return PostgresServerError(sqlState: "", message: text, detail: nil)
    }
}

/// An error PostgreSQL (or the connection to it) reported, with its message and SQLSTATE.
public struct PostgresServerError: Error, Sendable, CustomStringConvertible {
    /// The SQLSTATE code (empty for a connection error).
    public let sqlState: String
    public let message: String
    public let detail: String?

    public var description: String {
        var text = message
        if let detail { text += " (\(detail))" }
        if !sqlState.isEmpty { text += " [SQLSTATE \(sqlState)]" }
        return text
    }
}
