import ArgumentParser
import AssayStore

/// `--db PATH`, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The SQLite store file (created if missing); a URL other than file:// is refused.", valueName: "PATH"))
    var db: String = ".assay/assay.sqlite"

    func validate() throws { _ = try StorePath.sqlitePath(db) }

    /// Opens the store; a write waits up to `busyTimeout` for another process's lock.
    func open(busyTimeout: Duration = SQLiteStore.defaultBusyTimeout) throws -> any AssayStore {
        try SQLiteStore(path: try StorePath.sqlitePath(db), busyTimeout: busyTimeout)
    }
}
