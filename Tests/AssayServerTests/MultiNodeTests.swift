import AssayModel
import AssayStore
import AssayStorePostgres
import AssayTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Two `assay serve` nodes on one PostgreSQL database (issue 15 item 3): clients ingest through
/// both at once, one node is SIGKILLed mid-batch and its client retries on the other node with the
/// same `Idempotency-Key`. Every acknowledged rating is stored exactly once, `assay audit verify`
/// passes, lookups agree on both nodes, and a run started through one node is visible on the other.
@Suite(.serialized) struct MultiNodeTests {
    static let perBatch = 200

    static func body(_ key: String) -> [UInt8] {
        Array(Ratings.lines(key, count: perBatch).utf8)
    }

    static func batchID(_ reply: LoopbackHTTP.Reply) -> String? {
        (try? JSONParser.parse(reply.body))?["batch_id"]?.stringValue
    }

    /// Sends batches `prefix-0…` to `port` until told to stop or the node stops answering.
    final class Client: @unchecked Sendable {
        let prefix: String
        private let lock = NSLock()
        private var acknowledged: [String: String] = [:]
        private var sent: [String] = []
        private(set) var thread: Thread?

        init(prefix: String) { self.prefix = prefix }

        var acked: [String: String] { lock.withLock { acknowledged } }
        var all: [String] { lock.withLock { sent } }

        func start(port: Int, token: String, batches: Int) {
            let thread = Thread { [self] in
                for index in 0..<batches {
                    let key = "\(prefix)-\(index)"
                    lock.withLock { sent.append(key) }
                    guard
                        let reply = try? LoopbackHTTP.request(
                            port: port, method: "POST", path: "/v1/ratings", token: token, headers: [("Idempotency-Key", key)],
                            body: MultiNodeTests.body(key)),
                        reply.status == 200, let batchID = MultiNodeTests.batchID(reply)
                    else { return }
                    lock.withLock { acknowledged[key] = batchID }
                }
            }
            self.thread = thread
            thread.start()
        }
    }

    @Test(.enabled(if: CrashTests.binary != nil, "needs the built assay executable with its serve subcommand"))
    func twoNodesOneDatabaseSurviveSIGKILL() throws {
        let binary = try #require(CrashTests.binary)
        let server = try TestPostgres.shared()
        let url = try server.createDatabase()
        let folder = TemporaryDirectory("assay-multinode")
        let setup = try PostgresStore(url: url)
        let ingest = try setup.createToken(name: "platform", role: .ingest, actor: "test").secret
        let admin = try setup.createToken(name: "admin", role: .admin, actor: "test").secret
        let key = Repository.fixture("keys/test-ed25519-private.pem")
        func node(_ name: String) throws -> ServerProcess {
            try ServerProcess(
                executable: binary, database: url,
                extra: [
                    "--key", key, "--runs-dir", folder.path("runs-\(name)"), "--console-secret-file", folder.path("console-key"),
                ])
        }

        let first = try node("a")
        let second = try node("b")
        let toFirst = Client(prefix: "a")
        let toSecond = Client(prefix: "b")
        toFirst.start(port: first.port, token: ingest, batches: 5_000)
        toSecond.start(port: second.port, token: ingest, batches: 40)
        let deadline = Date().addingTimeInterval(60)
        while toFirst.acked.count < 15, Date() < deadline { usleep(2_000) }
        first.kill(SIGKILL)
        #expect(first.waitForExit(seconds: 10) != nil)
        while toFirst.thread?.isExecuting == true || toSecond.thread?.isExecuting == true { usleep(10_000) }
        #expect(toFirst.acked.count >= 15)
        #expect(toSecond.acked.count == 40, "the surviving node answered all its batches")

        // The first node's client retries everything it sent on the second node, same keys.
        for batchKey in toFirst.all {
            let reply = try LoopbackHTTP.request(
                port: second.port, method: "POST", path: "/v1/ratings", token: ingest, headers: [("Idempotency-Key", batchKey)],
                body: Self.body(batchKey))
            #expect(reply.status == 200, "\(reply.body)")
            if let batchID = toFirst.acked[batchKey] {
                #expect(Self.batchID(reply) == batchID, "an acknowledged batch is replayed, not stored again")
                #expect(reply.body.contains(#""replayed":true"#))
            }
        }
        let store = try PostgresStore(url: url)
        let batches = toFirst.all.count + toSecond.all.count
        #expect(try store.statistics().ratings == batches * Self.perBatch, "every rating exactly once, nothing half-stored")
        #expect(try store.statistics().batches == batches)
        for (batchKey, batchID) in toFirst.acked.merging(toSecond.acked, uniquingKeysWith: { a, _ in a }) {
            for n in [0, Self.perBatch - 1] {
                #expect(try store.provenance(ratingID: "\(batchKey)-\(n)")?.batch.batchID == batchID)
            }
        }
        let verify = try ProcessRunner.assay(["audit", "verify", "--db", url])
        #expect(verify.status == 0, "\(verify.stderr)")

        // A run started through the second node is visible on a restarted first node; lookups agree.
        let restarted = try node("a2")
        let started = try LoopbackHTTP.request(
            port: second.port, method: "POST", path: "/v1/runs", token: admin, body: Array("{}".utf8), contentType: "application/json")
        #expect(started.status == 202, "\(started.body)")
        let jobID = try #require((try? JSONParser.parse(started.body))?["job_id"]?.stringValue, "\(started.body)")
        var runID: String?
        let runDeadline = Date().addingTimeInterval(120)
        while runID == nil, Date() < runDeadline {
            let job = try LoopbackHTTP.request(port: second.port, method: "GET", path: "/v1/runs/\(jobID)", token: admin)
            let value = try? JSONParser.parse(job.body)
            if value?["state"]?.stringValue == "failed" { Issue.record("run failed: \(job.body)") }
            if value?["state"]?.stringValue != "running" { runID = value?["run_id"]?.stringValue }
            if runID == nil { usleep(200_000) }
        }
        let run = try #require(runID)
        let listed = try LoopbackHTTP.request(port: restarted.port, method: "GET", path: "/v1/runs", token: admin)
        #expect(listed.body.contains(run), "the other node lists the run: \(listed.body)")
        usleep(1_200_000)  // past the standings cache's TTL
        for annotator in (0..<7).map({ "ann-\($0)" }) {
            let onFirst = try LoopbackHTTP.request(port: restarted.port, method: "GET", path: "/v1/annotators/\(annotator)", token: ingest)
            let onSecond = try LoopbackHTTP.request(port: second.port, method: "GET", path: "/v1/annotators/\(annotator)", token: ingest)
            #expect(onFirst.status == 200)
            #expect(onFirst.body == onSecond.body, "\(annotator): the nodes disagree")
        }
        restarted.kill(SIGTERM)
        second.kill(SIGTERM)
        #expect(restarted.waitForExit(seconds: 15) == 0)
        #expect(second.waitForExit(seconds: 15) == 0)
    }
}
