import Foundation

/// At most `limit` pieces of one kind of work at once (ingests, runs); past it a caller is
/// refused at once with 429 and `Retry-After` rather than queued, so a burst cannot pile up
/// threads, memory or SQLite write-lock waiters.
final class ConcurrencyLimit: @unchecked Sendable {
    /// What is limited, for the 429 message ("ingests").
    let what: String
    let limit: Int
    /// Seconds sent in `Retry-After`.
    let retryAfter: Int
    private let lock = NSLock()
    private var running = 0

    init(_ what: String, limit: Int, retryAfter: Int) {
        self.what = what
        self.limit = max(1, limit)
        self.retryAfter = retryAfter
    }

    /// How many slots are taken now.
    var inUse: Int { lock.withLock { running } }

    /// Takes a slot, or throws 429 when all are taken. Call ``release()`` once when done.
    func acquire() throws {
        let taken = lock.withLock { () -> Bool in
            guard running < limit else { return false }
            running += 1
            return true
        }
        guard taken else { throw APIError.saturated(what, limit: limit, retryAfter: retryAfter) }
    }

    /// Gives a slot back.
    func release() {
        lock.withLock { running -= 1 }
    }

    /// Runs `body` holding a slot; 429 when none is free.
    func withSlot<T>(_ body: () async throws -> T) async throws -> T {
        try acquire()
        defer { release() }
        return try await body()
    }
}
