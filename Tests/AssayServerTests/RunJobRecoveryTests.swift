import AssayModel
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Cleaning runs started over HTTP survive the server: recorded in the store, shown as
/// `interrupted` after a restart, and waited for on graceful shutdown (SIGTERM, SIGINT).
@Suite struct RunJobRecoveryTests {
    @Test func aJobOfAServerThatStoppedMidRunShowsAsInterruptedAfterARestart() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        // What a server killed mid-run leaves behind: a started job without an end.
        try fixture.store.recordJobStarted(
            RunJobRecord(
                jobID: "job-killed", actor: "ops", snapshot: nil, output: fixture.folder.appendingPathComponent("runs/job-killed").path,
                startedAt: .now))
        #expect(try fixture.store.runJob("job-killed")?.state == .running)
        try await fixture.withServer { client in
            let job = try await client.send(.get, "/v1/runs/job-killed", token: fixture.admin)
            #expect(job.status == .ok)
            #expect(job.json["state"]?.string == "interrupted")
            #expect(job.json["actor"]?.string == "ops")
            #expect(job.json["error"]?.string?.contains("server stopped") == true)
        }
        let record = try #require(try fixture.store.runJob("job-killed"))
        #expect(record.state == .interrupted)
        #expect(record.finishedAt != nil)
    }

    @Test func gracefulShutdownWaitsForARunningJobAndRecordsItsEnd() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let launcher = SlowLauncher(inner: FakeLauncher(store: fixture.store), delay: 1.5)
        let started = ContinuousClock.now
        let jobID = try await fixture.withServer(launcher: launcher) { client in
            let response = try await client.send(.post, "/v1/runs", token: fixture.admin)
            #expect(response.status == .accepted)
            let jobID = try #require(response.json["job_id"]?.string)
            #expect(try fixture.store.runJob(jobID)?.state == .running)
            return jobID
        }
        // The server's shutdown (as on SIGTERM) returned only once the run was done.
        #expect(ContinuousClock.now - started >= .milliseconds(1400))
        let record = try #require(try fixture.store.runJob(jobID))
        #expect(record.state == .succeeded)
        #expect(record.runID == "run-\(jobID)")
        #expect(try fixture.store.runs().map(\.runID) == ["run-\(jobID)"])
    }
}

/// A cleaning run that takes `delay` seconds before it runs.
private struct SlowLauncher: RunLauncher {
    let inner: FakeLauncher
    let delay: Double

    func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String {
        Thread.sleep(forTimeInterval: delay)
        return try inner.run(request, progress: progress)
    }
}
