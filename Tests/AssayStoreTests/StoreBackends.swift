import AssayStore
import AssayStorePostgres
import AssayTestSupport
import Foundation
import Testing

/// The backends the store suite runs against: every parameterised store test runs once on each.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// A fresh, empty store: a SQLite file in a folder removed when the test process exits, or a
/// database of its own on the test process's PostgreSQL server (``TestPostgres``).
func makeStore(_ backend: Backend) throws -> any AssayStore {
    switch backend {
    case .sqlite:
        return try SQLiteStore(path: StoreFolder.shared.path("store-\(UUID().uuidString).sqlite"))
    case .postgresql:
        return try PostgresStore(url: try TestPostgres.shared().createDatabase())
    }
}

/// A second store object on the same data (another process or node).
func openAgain(_ store: any AssayStore) throws -> any AssayStore {
    if let postgres = store as? PostgresStore { return try PostgresStore(url: postgres.url) }
    return try SQLiteStore(path: store.location.description)
}

/// The database name of a PostgreSQL test store.
func databaseName(_ store: any AssayStore) -> String? {
    (store as? PostgresStore)?.url.database
}

/// One folder for every SQLite store of the test process, removed at exit.
private enum StoreFolder {
    static let shared: TemporaryDirectory = {
        let folder = TemporaryDirectory("assay-store-tests")
        atexit { try? FileManager.default.removeItem(at: StoreFolder.shared.url) }
        return folder
    }()
}
