import AssayStore

/// The store as the service sees it: every call is `async` and runs on a ``StoreExecutor``
/// lane, so a route cannot block a cooperative thread on the database by mistake (the blocking
/// store, SQLite or PostgreSQL behind `AssayStore`, is reachable only inside the closures handed
/// to the executor).
///
/// A store that stays locked by another process beyond its busy timeout answers 503 with
/// `Retry-After` (``APIError/storeBusy``), never 500.
///
/// ```swift
/// let runs = try await store.run { try $0.runs() }
/// ```
public struct ServiceStore: Sendable {
    private let store: any AssayStore
    /// The lanes the work runs on.
    public let executor: StoreExecutor

    public init(store: any AssayStore, executor: StoreExecutor) {
        self.store = store
        self.executor = executor
    }

    /// Where the store lives (for messages and default folders; no I/O).
    public var location: StoreLocation { store.location }

    /// Runs `body` with the store on the request lane.
    public func run<T: Sendable>(_ body: @escaping @Sendable (any AssayStore) throws -> T) async throws -> T {
        try await run(.requests, body)
    }

    /// Runs `body` with the store on `lane`.
    public func run<T: Sendable>(_ lane: StoreExecutor.Lane, _ body: @escaping @Sendable (any AssayStore) throws -> T) async throws -> T {
        let store = self.store
        do {
            return try await executor.run(lane) { try body(store) }
        } catch let error where StoreError.isBusy(error) {
            throw APIError.storeBusy(waited: store.busyTimeout)
        }
    }

    /// Runs blocking work that is not a store call (a file read) on the request lane.
    public func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await executor.run(.requests, body)
    }
}
