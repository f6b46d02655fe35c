import AssayCrypto
import AssayModel
import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL mode, `synchronous=FULL`) through GRDB, on the
/// system libsqlite3.
///
/// Writers are serialised by SQLite; readers run concurrently with a writer (WAL). Every
/// batch is one transaction, so a crash never leaves a half-recorded batch.
///
/// Other processes on the same file (an `assay ingest` beside `assay serve`) wait their turn:
/// a write that finds the file locked retries for up to ``busyTimeout`` before it fails with an
/// error that ``StoreError/isBusy(_:)`` recognises.
public final class SQLiteStore: AssayStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String
    /// How long a statement waits for another connection's lock before it gives up.
    public let busyTimeout: Duration

    /// The database file, as a ``StoreLocation``.
    public var location: StoreLocation { .file(path: path) }

    /// The default ``busyTimeout``: long enough for another process's batch to commit.
    public static let defaultBusyTimeout: Duration = .seconds(5)

    /// Opens (creating if needed) the store at `path` and applies pending migrations.
    /// - Parameters:
    ///   - path: the SQLite file.
    ///   - busyTimeout: how long to wait for a lock held by another connection or process.
    ///   - cacheMegabytes: caps SQLite's page cache per connection (`PRAGMA cache_size`).
    public init(path: String, busyTimeout: Duration = SQLiteStore.defaultBusyTimeout, cacheMegabytes: Int = 64) throws {
        self.path = path
        self.busyTimeout = busyTimeout
        var configuration = Configuration()
        let wait = busyTimeout.components
        configuration.busyMode = .timeout(Double(wait.seconds) + Double(wait.attoseconds) / 1e18)
        // The service reads on a bounded pool of threads plus a health-check lane and run jobs
        // (Docs/service.md): enough connections that none of them waits for another's.
        configuration.maximumReaderCount = 8
        // References are declared in the schema but not enforced on every insert: the ingest code
        // only writes sequence numbers it has just looked up or inserted, enforcement cost ~17% of
        // ingest CPU (Docs/performance.md), and `assay audit verify` runs `PRAGMA foreign_key_check`.
        configuration.foreignKeysEnabled = false
        let cacheKiB = max(1, cacheMegabytes) * 1024
        configuration.prepareDatabase { db in
            try db.execute(
                sql: "PRAGMA page_size = 16384; PRAGMA synchronous = FULL; PRAGMA cache_size = -\(cacheKiB); PRAGMA temp_store = MEMORY")
        }
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator()
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw StoreError.newerSchema(path: path)
            }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// A fresh random batch id (``BatchID``).
    static func makeBatchID(at time: Timestamp) -> String { BatchID.make(at: time) }
}
