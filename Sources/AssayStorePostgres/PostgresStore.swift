import AssayModel
import AssayStore
import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The store on a PostgreSQL server, for several service nodes on one database.
///
/// Same semantics and digests as ``SQLiteStore``: append-only tables (triggers), atomic batches,
/// one hash-chained audit log, snapshots by watermark. What changes with several writers:
///
/// - **One total order.** Every write that appends to the audit log, and the commit phase of every
///   batch, runs under one transaction-scoped advisory lock (``writerLockKey``,
///   `pg_advisory_xact_lock`). Sequence numbers and audit entries are assigned under it, so the
///   order of sequence numbers is the commit order on every node. A batch does its slow part
///   (parsing, checks, staging its rows with `COPY` into temporary tables) before taking the lock;
///   under it, a few set-based statements move the staged rows into place.
/// - **Idempotency across nodes.** `rating_id` is unique; a rating stored by another node after
///   this batch looked it up is found again under the writer lock and counted as the duplicate
///   (or conflict) it is, never an error. A batch with an `Idempotency-Key` first takes an
///   advisory lock on the key, so the same key sent to two nodes at once is stored once and the
///   second answer is the first batch's receipt (`replayed`).
///
/// Calls block their thread (see ``AssayStore`` and ``PostgresSession``); at most
/// `poolSize` connections are open, and a call waits up to ``busyTimeout`` for one (and for the
/// writer lock, via `lock_timeout`) before failing with ``StoreError/busy(reason:)``.
public final class PostgresStore: AssayStore {
    /// The database, password removed.
    public let url: PostgresURL
    public let busyTimeout: Duration
    let pool: PostgresConnectionPool

    /// The advisory lock that orders all writers (an arbitrary constant: "ASSAYWR").
    static let writerLockKey: Int64 = 0x41_5353_4159_5752
    /// The advisory lock held while migrating ("ASSAYMG").
    static let migrationLockKey: Int64 = 0x41_5353_4159_4D47

    /// The default number of connections of one store (one process or node).
    public static let defaultPoolSize = 8

    public var location: StoreLocation { .server(url: url.description) }

    /// Connects to `url` and applies pending migrations.
    /// - Parameters:
    ///   - url: `postgresql://USER[:PASSWORD]@HOST:PORT/DBNAME`.
    ///   - poolSize: the most connections this store opens.
    ///   - busyTimeout: how long a call waits for a connection or a lock.
    /// - Throws: ``StoreError/cannotOpen(path:reason:)`` naming the URL without its password.
    public convenience init(url: String, poolSize: Int = PostgresStore.defaultPoolSize, busyTimeout: Duration = .seconds(5)) throws {
        let parsed: PostgresURL
        do {
            parsed = try PostgresURL(url)
        } catch let error as PostgresURLError {
            throw StoreError.cannotOpen(path: error.url, reason: error.reason)
        }
        try self.init(url: parsed, poolSize: poolSize, busyTimeout: busyTimeout)
    }

    /// Connects to `url` and applies pending migrations.
    public init(url: PostgresURL, poolSize: Int = PostgresStore.defaultPoolSize, busyTimeout: Duration = .seconds(5)) throws {
        self.url = url
        self.busyTimeout = busyTimeout
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        var logger = Logger(label: "assay.postgres")
        logger.logLevel = .error
        let milliseconds = max(1, busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        pool = PostgresConnectionPool(
            configuration: configuration, capacity: poolSize, waitLimit: busyTimeout,
            setup: [
                PostgresQuery(unsafeSQL: "SET lock_timeout = \(milliseconds)"),
                PostgresQuery(unsafeSQL: "SET client_min_messages = warning"),
            ],
            logger: logger)
        do {
            try pool.withSession { session in try PostgresSchema.migrate(session, location: url.description) }
        } catch let error as StoreError {
            pool.shutdown()
            throw error
        } catch {
            pool.shutdown()
            throw StoreError.cannotOpen(path: url.description, reason: "\(error)")
        }
    }

    deinit {
        pool.shutdown()
    }

    /// Runs `body` on a leased connection.
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try pool.withSession(body)
    }

    /// Runs `body` in a write transaction that holds the writer lock (see the type's notes).
    func write<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try pool.withSession { session in
            try session.transaction {
                try Self.takeWriterLock(session)
                return try body(session)
            }
        }
    }

    /// Runs `body` in one read-only snapshot of the database.
    func read<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        try pool.withSession { session in try session.snapshotRead { try body(session) } }
    }

    /// Takes the writer lock for the rest of the open transaction.
    static func takeWriterLock(_ session: PostgresSession) throws {
        try session.execute("SELECT pg_advisory_xact_lock(\(writerLockKey))")
    }
}

extension PostgresRow {
    /// The column at `index`, decoded.
    func column<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[index].decode(T.self)
    }

    /// The column named `name`, decoded.
    func column<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        try makeRandomAccess()[name].decode(T.self)
    }
}

extension Timestamp {
    /// A stored RFC 3339 time, or the epoch when it does not parse.
    static func stored(_ text: String) -> Timestamp {
        Timestamp(rfc3339: text) ?? Timestamp(millisecondsSinceEpoch: 0)
    }
}
