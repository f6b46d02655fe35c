import ArgumentParser
import AssayStore

/// `--db PATH`, shared by every command that opens the store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store file (created if missing).", valueName: "PATH"))
    var db: String = ".assay/assay.sqlite"

    func open() throws -> SQLiteStore {
        try SQLiteStore(path: db)
    }
}
