import AssayCrypto
import AssayModel
import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL mode, `synchronous=FULL`) through GRDB, on the
/// system libsqlite3.
///
/// Writers are serialised by SQLite; readers run concurrently with a writer (WAL). Every
/// batch is one transaction, so a crash never leaves a half-recorded batch.
public final class SQLiteStore: RatingStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the store at `path` and applies pending migrations. `cacheMegabytes` caps SQLite's
    /// page cache per connection (`PRAGMA cache_size`).
    public init(path: String, cacheMegabytes: Int = 64) throws {
        self.path = path
        var configuration = Configuration()
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

    /// A fresh random batch id: `b-<UTC time>-<8 hex>`.
    static func makeBatchID(at time: Timestamp) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let compact = time.description.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            .prefix(15)
        return "b-\(compact)Z-\(Hex.encode(random))"
    }
}
