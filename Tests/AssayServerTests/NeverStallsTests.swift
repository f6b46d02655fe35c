import AssayModel
import AssayServer
import AssayStore
import AssayTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// A service that never stalls (issue 15): blocking work off the cooperative threads, bounded
/// ingests and runs, other processes' locks waited for (503 past the busy timeout, never 500),
/// downloads streamed and never through a symbolic link. Every test runs a real server on a
/// loopback port over a real SQLite file; the lock is held by the real `sqlite3` shell.
@Suite(.serialized) struct NeverStallsTests {
    @Test func anIngestWaitsForAnotherProcesssWriteLockWithinTheBusyTimeout() async throws {
        let fixture = try ServerFixture(busyTimeout: .seconds(10))
        defer { fixture.remove() }
        try await fixture.withServer { client in
            let port = try #require(client.port)
            let lock = try await onThread { try WriteLockHolder(database: fixture.store.path) }
            let started = ContinuousClock.now
            async let reply = post(port, token: fixture.ingest, Ratings.lines("wait", count: 20))
            try await Task.sleep(for: .seconds(1))
            try await onThread { lock.release() }
            let answer = try await reply
            #expect(answer.status == 200, "\(answer.body)")
            #expect(ContinuousClock.now - started >= .milliseconds(900), "the ingest waited for the lock")
        }
        #expect(try fixture.store.statistics().ratings == 20)
        #expect(try fixture.store.verifyAudit().isValid)
    }

    @Test func aStoreThatStaysLockedAnswers503WithRetryAfterNever500() async throws {
        let fixture = try ServerFixture(busyTimeout: .milliseconds(300))
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            let port = try #require(client.port)
            let lock = try await onThread { try WriteLockHolder(database: fixture.store.path) }
            let ingest = try await post(port, token: fixture.ingest, Ratings.lines("busy", count: 10))
            #expect(ingest.status == 503, "\(ingest.body)")
            #expect(ingest.headers["retry-after"] == "1")
            #expect(ingest.body.contains("store_busy"))
            let decision = try await request(
                port, "POST", "/v1/annotators/ann-bad/decision", token: fixture.reviewer, body: #"{"decision":"confirm","note":"fast"}"#,
                contentType: "application/json")
            #expect(decision.status == 503, "\(decision.body)")
            #expect(decision.headers["retry-after"] != nil)
            // Reads go on beside the other process's write lock (WAL).
            #expect(try await request(port, "GET", "/healthz").status == 200)
            #expect(try await request(port, "GET", "/v1/audit?verify=true", token: fixture.admin).status == 200)
            try await onThread { lock.release() }
            #expect(try await post(port, token: fixture.ingest, Ratings.lines("busy", count: 10)).status == 200)
        }
        // The refused batch left nothing behind; the retried one is stored once.
        #expect(try fixture.store.statistics().ratings == 10)
        #expect(try fixture.store.verifyAudit().isValid)
    }

    @Test func healthzAnswersAtOnceWhileEveryStoreLaneWaitsForALock() async throws {
        let fixture = try ServerFixture(busyTimeout: .seconds(8)) {
            $0.storeThreads = 1
            $0.maxConcurrentIngests = 2
        }
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            let port = try #require(client.port)
            let lock = try await onThread { try WriteLockHolder(database: fixture.store.path) }
            // Two ingests and three decisions, all waiting for the lock (the request lane has one
            // thread: the decisions queue there, not on the cooperative pool).
            let writes = Task {
                try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in 0..<2 {
                        group.addTask { try await post(port, token: fixture.ingest, Ratings.lines("load\(index)", count: 50)).status }
                    }
                    for index in 0..<3 {
                        group.addTask {
                            try await request(
                                port, "POST", "/v1/annotators/ann-bad/decision", token: fixture.reviewer,
                                body: #"{"decision":"confirm","note":"note \#(index)"}"#, contentType: "application/json"
                            ).status
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0.append($1) }
                }
            }
            try await Task.sleep(for: .milliseconds(300))
            var slowest = Duration.zero
            for _ in 0..<10 {
                let started = ContinuousClock.now
                let health = try await request(port, "GET", "/healthz")
                slowest = max(slowest, ContinuousClock.now - started)
                #expect(health.status == 200)
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(slowest < .milliseconds(500), "slowest /healthz: \(slowest)")
            try await onThread { lock.release() }
            let statuses = try await writes.value.sorted()
            #expect(statuses == [200, 200, 201, 201, 201])
        }
        #expect(try fixture.store.statistics().ratings == 100)
    }

    @Test func ingestsAndRunsPastTheirLimitsGet429WithRetryAfter() async throws {
        let fixture = try ServerFixture(busyTimeout: .seconds(10)) {
            $0.maxConcurrentIngests = 1
            $0.maxConcurrentRuns = 1
        }
        defer { fixture.remove() }
        let launcher = GatedLauncher(inner: FakeLauncher(store: fixture.store))
        try await fixture.withServer(launcher: launcher) { client in
            let port = try #require(client.port)
            // One ingest in flight (held by the lock) takes the only slot.
            let lock = try await onThread { try WriteLockHolder(database: fixture.store.path) }
            async let first = post(port, token: fixture.ingest, Ratings.lines("first", count: 5))
            try await Task.sleep(for: .milliseconds(400))
            let refused = try await post(port, token: fixture.ingest, Ratings.lines("second", count: 5))
            #expect(refused.status == 429, "\(refused.body)")
            #expect(refused.headers["retry-after"] == "1")
            #expect(refused.body.contains("too_many_requests"))
            try await onThread { lock.release() }
            #expect(try await first.status == 200)
            #expect(try await post(port, token: fixture.ingest, Ratings.lines("second", count: 5)).status == 200)

            // One run running takes the only run slot.
            let started = try await client.send(.post, "/v1/runs", token: fixture.admin)
            #expect(started.status == .accepted)
            let jobID = try #require(started.json["job_id"]?.string)
            let busy = try await client.send(.post, "/v1/runs", token: fixture.admin)
            #expect(busy.status == .tooManyRequests)
            #expect(busy.headers[.retryAfter] == "30")
            launcher.gate.signal()
            var state = "running"
            for _ in 0..<250 where state == "running" {
                try await Task.sleep(for: .milliseconds(20))
                state = try await client.send(.get, "/v1/runs/\(jobID)", token: fixture.admin).json["state"]?.string ?? ""
            }
            #expect(state == "succeeded")
            launcher.gate.signal()
            let again = try await client.send(.post, "/v1/runs", token: fixture.admin)
            #expect(again.status == .accepted)
            let againID = try #require(again.json["job_id"]?.string)
            state = "running"
            for _ in 0..<250 where state == "running" {
                try await Task.sleep(for: .milliseconds(20))
                state = try await client.send(.get, "/v1/runs/\(againID)", token: fixture.admin).json["state"]?.string ?? ""
            }
            #expect(state == "succeeded")
        }
        #expect(try fixture.store.statistics().ratings == 10)
    }

    @Test func downloadsAreStreamedAndNeverThroughASymbolicLink() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        let output = fixture.folder.appendingPathComponent("run-seed")
        // Several chunks and a partial one: the streamed body must be the file, byte for byte.
        let letters: [UInt8] = (0..<(5 * 65_536 + 1234)).map { (index: Int) -> UInt8 in UInt8(97 + index % 26) }
        let big = String(decoding: letters, as: UTF8.self)
        try Data(big.utf8).write(to: output.appendingPathComponent("big.txt"))
        // A secret outside the run, and links to it planted in the run's folder.
        let secret = fixture.folder.appendingPathComponent("secret.txt")
        try Data("the signing key passphrase".utf8).write(to: secret)
        try FileManager.default.createSymbolicLink(at: output.appendingPathComponent("leak.txt"), withDestinationURL: secret)
        try FileManager.default.createSymbolicLink(
            at: output.appendingPathComponent("linked-report.html"), withDestinationURL: output.appendingPathComponent("report.html"))
        // A run whose whole output folder is a link to another run's.
        let linkedFolder = fixture.folder.appendingPathComponent("run-linked")
        try FileManager.default.createSymbolicLink(at: linkedFolder, withDestinationURL: output)
        try fixture.store.recordRun(
            RunRecord(
                runID: "run-linked", snapshot: "snap-linked", snapshotDigest: String(repeating: "0", count: 64), startedAt: .now,
                finishedAt: .now, actor: "test", output: linkedFolder.path, summary: "{}"),
            annotators: [])
        try await fixture.withServer { client in
            let download = try await client.send(.get, "/v1/runs/run-seed/files/big.txt", token: fixture.admin)
            #expect(download.status == .ok)
            #expect(download.headers[.contentLength] == String(big.utf8.count))
            #expect(download.text == big)
            let listed = try await client.send(.get, "/v1/runs/run-seed/files", token: fixture.admin).json["files"]?.array
            #expect(listed == [.string("big.txt"), .string("dataset.jsonl"), .string("report.html")])
            for name in ["leak.txt", "linked-report.html"] {
                let refused = try await client.send(.get, "/v1/runs/run-seed/files/\(name)", token: fixture.admin)
                #expect(refused.status == .notFound, "\(name)")
                #expect(!refused.text.contains("passphrase"))
            }
            #expect(try await client.send(.get, "/v1/runs/run-linked/report", token: fixture.admin).status == .notFound)
            #expect(try await client.send(.get, "/v1/runs/run-linked/files", token: fixture.admin).json["files"]?.array == [])
            #expect(try await client.send(.get, "/v1/runs/run-seed/report", token: fixture.admin).text.contains("report of run-seed"))
        }
    }
}

// MARK: Helpers

/// Runs blocking work on a thread of its own, so a test never holds a cooperative thread while
/// it waits (the server under test shares them).
private func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result(catching: body)) }
    }
}

/// One request on its own connection (so requests run concurrently), off the cooperative pool.
private func request(
    _ port: Int, _ method: String, _ path: String, token: String? = nil, body: String = "", contentType: String = "application/x-ndjson"
) async throws -> LoopbackHTTP.Reply {
    try await onThread {
        try LoopbackHTTP.request(
            port: port, method: method, path: path, token: token, body: Array(body.utf8), contentType: contentType, timeoutSeconds: 60)
    }
}

/// `POST /v1/ratings` with JSON Lines.
private func post(_ port: Int, token: String, _ lines: String) async throws -> LoopbackHTTP.Reply {
    try await request(port, "POST", "/v1/ratings", token: token, body: lines)
}

/// A cleaning run that waits for ``gate`` before it runs (so a test can keep a run running).
private struct GatedLauncher: RunLauncher {
    let inner: FakeLauncher
    let gate = DispatchSemaphore(value: 0)

    func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String {
        gate.wait()
        return try inner.run(request, progress: progress)
    }
}
