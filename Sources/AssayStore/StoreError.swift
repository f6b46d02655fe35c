import GRDB

/// Errors of the rating store, each with a message a user can act on.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database file could not be opened or migrated.
    case cannotOpen(path: String, reason: String)
    /// A named thing (snapshot, batch) does not exist.
    case notFound(what: String, name: String)
    /// A name is already taken (e.g. a snapshot name).
    case alreadyExists(what: String, name: String)
    /// The batch was rolled back because the caller asked for all-or-nothing and a record failed.
    case batchRolledBack(problems: Int)
    /// The database was written by a newer Assay.
    case newerSchema(path: String)
    /// A name given by the caller is not acceptable.
    case invalidName(what: String, name: String, rule: String)
    /// Another writer (connection, process or node) held what this call needed for too long, or
    /// wrote the same thing at the same moment; nothing was stored and the call may be retried.
    case busy(reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open the store at \(path): \(reason)"
        case .notFound(let what, let name): return "no \(what) named \"\(name)\" in the store"
        case .alreadyExists(let what, let name): return "a \(what) named \"\(name)\" already exists"
        case .batchRolledBack(let problems):
            return "all-or-nothing: \(problems) record(s) failed, so nothing from this batch was stored"
        case .newerSchema(let path): return "the store at \(path) was written by a newer Assay; upgrade Assay to open it"
        case .invalidName(let what, let name, let rule): return "\"\(name)\" is not a valid \(what) name: \(rule)"
        case .busy(let reason): return "the store is busy: \(reason); nothing was stored, retry later"
        }
    }
}

extension StoreError {
    /// Whether `error` says the database stayed locked by another connection or process for
    /// longer than the store's busy timeout (SQLite's `SQLITE_BUSY` or `SQLITE_LOCKED`): the
    /// caller may retry later; nothing was stored. ``busy(reason:)`` (any backend) counts too.
    public static func isBusy(_ error: any Error) -> Bool {
        if case .busy = error as? StoreError { return true }
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}
