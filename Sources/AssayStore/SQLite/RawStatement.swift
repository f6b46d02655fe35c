import GRDB
import GRDBSQLite

/// A prepared statement driven through the SQLite C API, for the ingest hot path.
///
/// GRDB's `Statement` boxes every argument and runs its authorizer bookkeeping; at a million
/// inserts that overhead dominated the profile (see `Docs/performance.md`). A `RawStatement`
/// lives inside one GRDB write transaction on GRDB's own connection and is finalized with it.
///
/// Text is bound without SQLite copying it (`SQLITE_STATIC`): each parameter owns a buffer
/// that is reused from row to row and outlives every step that reads it, which saves SQLite a
/// `malloc`, a copy and a `free` per bound text.
final class RawStatement {
    private var handle: OpaquePointer?
    private let connection: OpaquePointer?
    private let sql: String
    private var index: Int32 = 0
    /// One reusable buffer per parameter (index 0 is parameter 1), grown as needed.
    private var buffers: [UnsafeMutableRawBufferPointer] = []

    init(_ db: Database, _ sql: String) throws {
        connection = db.sqliteConnection
        self.sql = sql
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
        buffers = Array(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: Int(sqlite3_bind_parameter_count(handle)))
    }

    deinit {
        // Finalize first: SQLite may read bound text until then.
        sqlite3_finalize(handle)
        for buffer in buffers { buffer.deallocate() }
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

    /// Copies the text into this parameter's buffer and binds it there (`SQLITE_STATIC`: the
    /// buffer stays unchanged until the parameter is bound again, after the statement's reset).
    private func bindText(_ text: UnsafeRawBufferPointer) {
        let slot = Int(index) - 1
        precondition(slot < buffers.count, "more values bound than the statement has parameters")
        if buffers[slot].count < max(text.count, 1) {
            buffers[slot].deallocate()
            buffers[slot] = .allocate(byteCount: max(64, text.count.nextPowerOfTwo), alignment: 1)
        }
        let target = buffers[slot]
        if text.count > 0 { target.baseAddress!.copyMemory(from: text.baseAddress!, byteCount: text.count) }
        _ = sqlite3_bind_text(
            handle, index, target.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(text.count), nil)
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

    /// Runs a query and calls `row` once per result row; `row` reads the row's columns with ``int(_:)`` and ``text(_:)``.
    func forEachRow(_ row: () throws -> Void) throws {
        defer { reset() }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql) }
            try row()
        }
    }

    /// Column `column` (from 0) of the current row as an integer; only inside ``forEachRow(_:)``.
    func int(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    /// Column `column` (from 0) of the current row as text (empty for NULL); only inside ``forEachRow(_:)``.
    func text(_ column: Int32) -> String { sqlite3_column_text(handle, column).map { String(cString: $0) } ?? "" }

    /// The rowid of the last insert on this connection.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        index = 0
    }
}

extension Int {
    /// The smallest power of two ≥ self (self ≥ 1).
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
