import ArgumentParser
import AssayStore
import AssayStorePostgres

/// `--db PATH|URL`, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The store: a SQLite file (created if missing) or postgresql://USER[:PASSWORD]@HOST:PORT/DBNAME; other URLs are refused.",
            valueName: "PATH|URL"))
    var db: String = ".assay/assay.sqlite"

    func validate() throws { _ = try StorePath.target(db) }

    /// Opens the store; a write waits up to `busyTimeout` for another process's (or node's) lock.
    func open(busyTimeout: Duration = SQLiteStore.defaultBusyTimeout, poolSize: Int = PostgresStore.defaultPoolSize) throws
        -> any AssayStore
    {
        try StorePath.open(db, busyTimeout: busyTimeout, poolSize: poolSize)
    }
}
