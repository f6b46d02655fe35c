import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the ingest hot path.
///
/// GRDB's `Statement` boxes every argument and runs its authorizer bookkeeping; at a million
/// inserts that overhead dominated the profile (see `Docs/performance.md`). A `RawStatement`
/// lives inside one GRDB write transaction on GRDB's own connection and is finalized with it.
final class RawStatement {
    private var handle: OpaquePointer?
    private let connection: OpaquePointer?
    private let sql: String
    private var index: Int32 = 0

    /// SQLite's "copy the bytes now" destructor sentinel.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection
        self.sql = sql
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    private var message: String { String(cString: sqlite3_errmsg(connection)) }

    @discardableResult
    func bind(_ value: Int64) -> Self {
        index += 1
        sqlite3_bind_int64(handle, index, value)
        return self
    }

    @discardableResult
    func bind(_ value: Int64?) -> Self {
        guard let value else { return bindNull() }
        return bind(value)
    }

    @discardableResult
    func bind(_ value: String) -> Self {
        index += 1
        var value = value
        value.withUTF8 { bindText(UnsafeRawBufferPointer($0)) }
        return self
    }

    private func bindText(_ buffer: UnsafeRawBufferPointer) {
        let empty: StaticString = ""
        let pointer = UnsafeRawPointer(buffer.baseAddress ?? UnsafeRawPointer(empty.utf8Start))
        _ = sqlite3_bind_text(handle, index, pointer.assumingMemoryBound(to: CChar.self), Int32(buffer.count), Self.transient)
    }

    @discardableResult
    func bind(_ value: String?) -> Self {
        guard let value else { return bindNull() }
        return bind(value)
    }

    @discardableResult
    func bind(bytes: [UInt8]) -> Self {
        index += 1
        bytes.withUnsafeBytes { bindText($0) }
        return self
    }

    @discardableResult
    func bindNull() -> Self {
        index += 1
        sqlite3_bind_null(handle, index)
        return self
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    func execute() throws -> Int {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
        return Int(sqlite3_changes(connection))
    }

    /// Runs a query and returns the first column of the first row as text, or nil.
    func queryText() throws -> String? {
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
        guard let text = sqlite3_column_text(handle, 0) else { return nil }
        return String(cString: text)
    }

    /// Runs a query and returns the first column of the first row as an integer, or nil.
    func queryInt() throws -> Int64? {
        defer { reset() }
        let code = sqlite3_step(handle)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
        return sqlite3_column_int64(handle, 0)
    }

    /// The rowid of the last insert on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        index = 0
    }
}
