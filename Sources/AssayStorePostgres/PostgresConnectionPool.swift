import AssayStore
import Dispatch
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// A bounded pool of PostgreSQL connections for blocking callers.
///
/// At most `capacity` connections are open; a caller that finds them all leased waits up to the
/// store's busy timeout, then fails with ``StoreError/busy(reason:)`` (the service answers 503
/// with `Retry-After`). Connections are opened lazily and a broken one is dropped, not reused.
final class PostgresConnectionPool: @unchecked Sendable {
    private let configuration: PostgresConnection.Configuration
    private let group: any EventLoopGroup
    private let logger: Logger
    private let capacity: Int
    private let waitLimit: Duration
    private let permits: DispatchSemaphore
    private let lock = NSLock()
    private var idle: [PostgresSession] = []
    private var nextID = 0
    private var closed = false
    /// Statements run once on every new connection (session settings).
    private let setup: [PostgresQuery]

    init(
        configuration: PostgresConnection.Configuration, capacity: Int, waitLimit: Duration, setup: [PostgresQuery], logger: Logger,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) {
        self.configuration = configuration
        self.capacity = max(1, capacity)
        self.waitLimit = waitLimit
        self.setup = setup
        self.logger = logger
        self.group = group
        permits = DispatchSemaphore(value: max(1, capacity))
    }

    /// Leases a connection for `body`.
    func withSession<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let wait = waitLimit.components
        let deadline = DispatchTime.now() + .nanoseconds(Int(wait.seconds) * 1_000_000_000 + Int(wait.attoseconds / 1_000_000_000))
        guard permits.wait(timeout: deadline) == .success else {
            throw StoreError.busy(reason: "all \(capacity) PostgreSQL connections stayed in use for \(wait.seconds) s")
        }
        defer { permits.signal() }
        let session = try take()
        do {
            let result = try body(session)
            give(session)
            return result
        } catch {
            give(session)
            throw error
        }
    }

    private func take() throws -> PostgresSession {
        lock.lock()
        if let session = idle.popLast() {
            lock.unlock()
            return session
        }
        nextID += 1
        let id = nextID
        lock.unlock()
        let connection: PostgresConnection
        do {
            connection = try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw PostgresFailure.wrap(error)
        }
        let session = PostgresSession(connection: connection, logger: logger)
        do {
            for statement in setup { try session.execute(statement) }
        } catch {
            Self.close(connection)
            throw error
        }
        return session
    }

    private func give(_ session: PostgresSession) {
        lock.lock()
        let keep = !closed && !session.connection.isClosed
        if keep { idle.append(session) }
        lock.unlock()
        if !keep { Self.close(session.connection) }
    }

    /// Closes every idle connection; leased ones close when given back.
    func shutdown() {
        lock.lock()
        closed = true
        let sessions = idle
        idle = []
        lock.unlock()
        for session in sessions { Self.close(session.connection) }
    }

    /// Closes without waiting (callable from any thread), keeping the connection alive until closed.
    private static func close(_ connection: PostgresConnection) {
        connection.close().whenComplete { _ in _ = connection }
    }
}
