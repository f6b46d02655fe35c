import ArgumentParser
import AssayStore
import AssayStorePostgres

/// What a `--db` argument names: a SQLite file (a plain path, or a `file:` URL) or a PostgreSQL
/// database (`postgresql://USER[:PASSWORD]@HOST:PORT/DBNAME` or `postgres://…`). A URL with any
/// other scheme is refused, never taken as a file name (`postgresql://…` once created a local
/// file at `postgresql:/…`).
enum StoreTarget: Equatable {
    case sqlite(path: String)
    case postgres(PostgresURL)
}

enum StorePath {
    /// The store `argument` names, or a validation error naming the argument (without a password).
    static func target(_ argument: String) throws -> StoreTarget {
        guard let separator = argument.range(of: "://") else {
            guard !argument.isEmpty else { throw ValidationError("--db is empty: give a SQLite file path or a postgresql:// URL") }
            return .sqlite(path: argument)
        }
        let scheme = argument[..<separator.lowerBound].lowercased()
        let rest = String(argument[separator.upperBound...])
        switch scheme {
        case "file", "sqlite":
            // file:///abs/path (empty host) or file://localhost/abs/path.
            let path = rest.hasPrefix("localhost/") ? String(rest.dropFirst("localhost".count)) : rest
            guard path.hasPrefix("/") else {
                throw ValidationError("--db \(argument): a \(scheme): URL needs an absolute path (\(scheme):///path/to/store.sqlite)")
            }
            return .sqlite(path: path.removingPercentEncoding ?? path)
        case _ where PostgresURL.schemes.contains(scheme):
            do {
                return .postgres(try PostgresURL(argument))
            } catch let error as PostgresURLError {
                throw ValidationError("--db \(error)")
            }
        default:
            throw ValidationError(
                "--db \(redacted(argument)): unknown scheme '\(scheme)'; give a SQLite file path (or a file:// URL) or a postgresql:// URL")
        }
    }

    /// The SQLite file path `argument` names, for commands that make their own embedded store;
    /// `command` says which, in the refusal of a PostgreSQL URL.
    static func sqlitePath(_ argument: String, command: String) throws -> String {
        switch try target(argument) {
        case .sqlite(let path): return path
        case .postgres(let url): throw ValidationError("--db \(url): \(command) needs a SQLite file path (it recreates its own store)")
        }
    }

    /// Opens the store `argument` names.
    /// - Parameters:
    ///   - busyTimeout: how long a write waits for another writer's lock (and, on PostgreSQL, for a pooled connection).
    ///   - poolSize: the most PostgreSQL connections this process opens.
    static func open(
        _ argument: String, busyTimeout: Duration = SQLiteStore.defaultBusyTimeout, poolSize: Int = PostgresStore.defaultPoolSize
    ) throws -> any AssayStore {
        switch try target(argument) {
        case .sqlite(let path): return try SQLiteStore(path: path, busyTimeout: busyTimeout)
        case .postgres(let url): return try PostgresStore(url: url, poolSize: poolSize, busyTimeout: busyTimeout)
        }
    }

    /// The argument with a password in its user-info replaced by `***`, for error messages.
    static func redacted(_ argument: String) -> String {
        PostgresURL.redact(argument)
    }
}
