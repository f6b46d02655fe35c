import AssayStore
import Foundation

/// Every annotator's standing in the newest run and their reputation history, kept in memory
/// so a trust lookup is a dictionary read. Re-read from the store when older than `ttl`, and at
/// once after a decision or a run made through this server.
final class StandingsCache: @unchecked Sendable {
    struct Snapshot: Sendable {
        let standings: [String: AnnotatorStanding]
        let histories: [String: AnnotatorHistory]
    }

    private let store: ServiceStore
    private let ttl: Duration
    private let lock = NSLock()
    private var snapshot: Snapshot?
    private var loadedAt = ContinuousClock.now
    private var generation = 0

    init(store: ServiceStore, ttl: Duration) {
        self.store = store
        self.ttl = ttl
    }

    /// The current snapshot, re-read when stale.
    func current() async throws -> Snapshot {
        let (cached, generation) = lock.withLock { () -> (Snapshot?, Int) in
            if let snapshot, ContinuousClock.now - loadedAt < ttl { return (snapshot, self.generation) }
            return (nil, self.generation)
        }
        if let cached { return cached }
        let fresh = try await store.run { store in
            let standings = try store.latestStandings()
            return Snapshot(
                standings: Dictionary(standings.map { ($0.outcome.annotatorID, $0) }, uniquingKeysWith: { _, last in last }),
                histories: try store.annotatorHistories())
        }
        lock.withLock {
            // A decision recorded while this was loading bumped the generation: keep it stale.
            if generation == self.generation {
                snapshot = fresh
                loadedAt = ContinuousClock.now
            }
        }
        return fresh
    }

    /// Drops the snapshot (after a decision or a run).
    func invalidate() {
        lock.withLock {
            snapshot = nil
            generation += 1
        }
    }
}
