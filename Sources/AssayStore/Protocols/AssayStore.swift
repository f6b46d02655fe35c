/// Everything Assay's callers (the CLI, the cleaning run, the HTTP service) ask of a store,
/// composed of one small protocol per concept.
///
/// Two backends conform: ``SQLiteStore``, the embedded default (one file, one machine), and
/// `PostgresStore` (module `AssayStorePostgres`), for several service nodes on one database.
/// Both keep the same semantics: append-only tables, atomic batches, one hash-chained audit log,
/// and the same digests for the same ratings.
///
/// ## Threading
/// The API is synchronous and blocking on purpose. A call may wait for disk, for another
/// process's lock or for a database server, so it must never run on Swift concurrency's
/// cooperative threads: the service calls it on its `NIOThreadPool` lanes (`ServiceStore` and
/// `StoreExecutor` in `AssayServer`), the CLI on its main thread, tests on theirs. Conformers are
/// `Sendable` and safe to call from several such threads at once.
public protocol AssayStore: RatingStore, RunStore, DecisionStore, RunJobStore, TokenStore, ReleaseStore, ReviewHistoryStore {
    /// Where the store lives, for messages and default folders (no I/O).
    var location: StoreLocation { get }

    /// How long a write waits for a lock held by another connection, process or node before it
    /// fails with an error that ``StoreError/isBusy(_:)`` recognises.
    var busyTimeout: Duration { get }
}
