import AssayTestSupport
import Foundation
import Testing

/// Two processes on one SQLite store wait their turn (issue 15): `assay ingest` beside a process
/// that holds the write lock (the `sqlite3` shell here, `assay serve` in practice) waits for it
/// within the busy timeout instead of failing with `database is locked`.
@Suite("two processes on one store")
struct BusyStoreTests {
    @Test("assay ingest waits for another process's write lock and then stores the whole file")
    func ingestWaitsForTheLock() async throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        #expect(try ProcessRunner.assay(["stats", "--db", db]).status == 0)
        let lock = try WriteLockHolder(database: db)
        let started = Date()
        // The child is waited for on a thread of its own, not on a cooperative one.
        let ingest = Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result { try ProcessRunner.assay(["ingest", Repository.fixture("sample/ratings.jsonl"), "--db", db]) })
                }
            }
        }
        try await Task.sleep(for: .seconds(1))
        lock.release()
        let result: ProcessResult = try await ingest.value
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("total: accepted 6500, duplicate 0, conflict 0, rejected 0"))
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(try ProcessRunner.assay(["audit", "verify", "--db", db]).status == 0)
    }
}
