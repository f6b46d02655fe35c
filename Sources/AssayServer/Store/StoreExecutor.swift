import NIOPosix
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#endif

/// Runs blocking work (SQLite through GRDB, file reads) on threads of its own, never on Swift
/// concurrency's cooperative threads.
///
/// Hummingbird runs every request on the cooperative pool, which has one thread per core (two
/// here). A request that read a 1M-rating store synchronously there held one of them for
/// seconds, and two such requests stopped every other request, `/healthz` included (issue 15).
/// Each lane is a bounded `NIOThreadPool`; a caller awaits its result and leaves its cooperative
/// thread free meanwhile.
///
/// - ``Lane/requests``: what requests read and write (bounded; a burst queues here, not on the
///   cooperative pool).
/// - ``Lane/ingests``: admitted ingests, one thread each, so a batch waiting for SQLite's write
///   lock never delays a read.
/// - ``Lane/probes``: health checks, never queued behind slow work.
///
/// The request and ingest lanes run at a lower CPU priority (``bulkNice``): when both cores are
/// busy verifying a million-rating audit log, the event loops and the probe lane still get the
/// CPU at once.
///
/// ```swift
/// let executor = StoreExecutor(requestThreads: 4, ingestThreads: 4)
/// let count = try await executor.run(.requests) { try store.statistics().ratings }
/// try await executor.shutdown()
/// ```
public final class StoreExecutor: Sendable {
    /// Where a piece of blocking work runs.
    public enum Lane: Sendable {
        case requests, ingests, probes
    }

    /// The nice value of the request and ingest lanes' threads (and of cleaning runs' threads):
    /// above the default 0, so bulk work yields the CPU to the event loops and health checks.
    public static let bulkNice: Int32 = 5

    private let requests: NIOThreadPool
    private let ingests: NIOThreadPool
    private let probes: NIOThreadPool

    /// Starts the lanes' threads.
    /// - Parameters:
    ///   - requestThreads: threads for request reads and writes.
    ///   - ingestThreads: threads for ingests (the most that may run at once).
    public init(requestThreads: Int, ingestThreads: Int) {
        requests = NIOThreadPool(numberOfThreads: max(1, requestThreads))
        ingests = NIOThreadPool(numberOfThreads: max(1, ingestThreads))
        probes = NIOThreadPool(numberOfThreads: 1)
        for pool in [requests, ingests, probes] { pool.start() }
    }

    /// Runs `body` on a thread of `lane` and returns its result; the calling task is suspended,
    /// not blocked, until then.
    public func run<T: Sendable>(_ lane: Lane, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        let bulk = lane != .probes
        return try await pool(lane).runIfActive {
            if bulk { Self.lowerPriority() }
            return try body()
        }
    }

    /// Lowers the calling thread's CPU priority to ``bulkNice`` (Linux keeps a nice value per
    /// thread; `setpriority` with id 0 sets the caller's). Idempotent and cheap.
    static func lowerPriority() {
        #if os(Linux)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, bulkNice)
        #endif
    }

    /// Stops the lanes once the work already submitted is done.
    public func shutdown() async throws {
        for pool in [requests, ingests, probes] { try await pool.shutdownGracefully() }
    }

    private func pool(_ lane: Lane) -> NIOThreadPool {
        switch lane {
        case .requests: return requests
        case .ingests: return ingests
        case .probes: return probes
        }
    }
}

/// Keeps a ``StoreExecutor`` for the life of the application and stops it after the HTTP
/// server has stopped (services shut down in reverse order, the server first).
struct StoreExecutorService: Service {
    let executor: StoreExecutor

    func run() async throws {
        try? await gracefulShutdown()
        try await executor.shutdown()
    }
}
