import AssayStore
import Dispatch
import Logging
import NIOCore
import PostgresNIO

/// One PostgreSQL connection, used by one blocking thread at a time (leased from
/// ``PostgresConnectionPool``).
///
/// ## Blocking on purpose
/// Queries go through postgres-nio's `EventLoopFuture` API and `wait()` for the answer. That is
/// sound here because ``PostgresStore`` is only ever called on blocking threads (the service's
/// `NIOThreadPool` lanes, the CLI's main thread), never on an event loop (where `wait()` traps) nor
/// on a cooperative thread (which it would starve). `COPY` exists only as an `async` API: it runs in
/// a `Task` that never blocks (it awaits the connection's event loop), and the calling thread waits
/// on a semaphore for it.
final class PostgresSession: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger
    /// Whether this connection has created the batch staging tables (temporary, per connection).
    var hasStagingTables = false

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Runs a query and returns every row.
    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw PostgresFailure.wrap(error)
        }
    }

    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    func execute(_ query: PostgresQuery) throws -> Int {
        do {
            return try connection.query(query, logger: logger).wait().metadata.rows ?? 0
        } catch {
            throw PostgresFailure.wrap(error)
        }
    }

    /// The first row, if any.
    func row(_ query: PostgresQuery) throws -> PostgresRow? {
        try rows(query).first
    }

    /// Sends `data` (COPY text format) to `COPY table (columns) FROM STDIN`.
    func copy(into table: String, columns: [String], data: ByteBuffer) throws {
        let connection = self.connection
        let logger = self.logger
        let outcome = BlockingResult()
        Task(executorPreference: EventLoopTaskExecutor(eventLoop: connection.eventLoop)) {
            do {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(data)
                }
                outcome.finish(nil)
            } catch {
                outcome.finish(error)
            }
        }
        if let error = outcome.wait() { throw PostgresFailure.wrap(error) }
    }

    /// Runs `body` in one transaction (READ COMMITTED): committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if !connection.isClosed { _ = try? execute("ROLLBACK") }
            throw error
        }
    }

    /// Runs `body` in one read-only transaction with one snapshot of the database (REPEATABLE READ),
    /// so that several queries see the same rows.
    func snapshotRead<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if !connection.isClosed { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}

/// Hands the outcome of a `Task` to the thread that waits for it.
private final class BlockingResult: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var error: (any Error)?

    func finish(_ error: (any Error)?) {
        self.error = error
        semaphore.signal()
    }

    func wait() -> (any Error)? {
        semaphore.wait()
        return error
    }
}
