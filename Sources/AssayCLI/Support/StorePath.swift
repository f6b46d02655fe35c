import ArgumentParser

/// What a `--db` argument names. Today a SQLite file: a plain path, or a `file:` URL. A URL with any other
/// scheme is refused, never taken as a file name (`postgresql://…` used to create a local file at
/// `postgresql:/…`); the PostgreSQL backend is planned (issue 15) and is not in this build.
enum StorePath {
    /// The SQLite file path `argument` names, or a validation error naming the argument.
    static func sqlitePath(_ argument: String) throws -> String {
        guard let separator = argument.range(of: "://") else {
            guard !argument.isEmpty else { throw ValidationError("--db is empty: give a SQLite file path") }
            return argument
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
            return path.removingPercentEncoding ?? path
        case "postgresql", "postgres":
            throw ValidationError(
                "--db \(redacted(argument)): this build of assay stores in SQLite only; the PostgreSQL backend is not built yet. Give a SQLite file path."
            )
        default:
            throw ValidationError(
                "--db \(redacted(argument)): unknown scheme '\(scheme)'; give a SQLite file path (or a file:// URL)")
        }
    }

    /// The argument with a password in its user-info replaced by `***`, for error messages.
    static func redacted(_ argument: String) -> String {
        guard let separator = argument.range(of: "://"),
            let at = argument[separator.upperBound...].firstIndex(of: "@"),
            let colon = argument[separator.upperBound..<at].firstIndex(of: ":")
        else { return argument }
        return String(argument[..<argument.index(after: colon)]) + "***" + String(argument[at...])
    }
}
