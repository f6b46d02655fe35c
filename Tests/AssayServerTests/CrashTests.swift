import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGKILL the server while a client streams batches; after a restart every acknowledged batch
/// is stored exactly once and the audit chain verifies. Uses the built `assay` binary.
@Suite(.serialized) struct CrashTests {
    /// The built `assay` executable, if it has the `serve` subcommand.
    static let binary: String? = {
        let path = ProcessInfo.processInfo.environment["ASSAY_BINARY"] ?? Repository.assay
        guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: path)
        probe.arguments = ["serve", "--help"]
        probe.standardOutput = FileHandle.nullDevice
        probe.standardError = FileHandle.nullDevice
        guard (try? probe.run()) != nil else { return nil }
        probe.waitUntilExit()
        return probe.terminationStatus == 0 ? path : nil
    }()

    final class Acknowledged: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [Int: String] = [:]
        func add(_ index: Int, _ batchID: String) { lock.withLock { batches[index] = batchID } }
        var count: Int { lock.withLock { batches.count } }
        var all: [Int: String] { lock.withLock { batches } }
    }

    static let perBatch = 200

    static func body(_ index: Int) -> [UInt8] {
        Array(Ratings.lines("crash-\(index)", count: perBatch).utf8)
    }

    static func batchID(_ reply: LoopbackHTTP.Reply) -> String? {
        (try? JSONParser.parse(reply.body))?["batch_id"]?.stringValue
    }

    @Test(.enabled(if: binary != nil, "needs the built assay executable with its serve subcommand"))
    func acknowledgedBatchesSurviveSIGKILLExactlyOnce() async throws {
        let binary = try #require(Self.binary)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("assay.sqlite").path
        let token = try SQLiteStore(path: database).createToken(name: "platform", role: .ingest, actor: "test").secret

        let first = try ServerProcess(executable: binary, database: database)
        let acknowledged = Acknowledged()
        let sent = Acknowledged()
        let client = Thread {
            for index in 0..<10_000 {
                sent.add(index, "")
                guard
                    let reply = try? LoopbackHTTP.request(
                        port: first.port, method: "POST", path: "/v1/ratings", token: token, headers: [("Idempotency-Key", "crash-\(index)")],
                        body: Self.body(index)),
                    reply.status == 200, let batchID = Self.batchID(reply)
                else { return }
                acknowledged.add(index, batchID)
            }
        }
        client.start()
        let deadline = Date().addingTimeInterval(60)
        while acknowledged.count < 15, Date() < deadline { usleep(2_000) }
        first.kill(SIGKILL)
        #expect(first.waitForExit(seconds: 10) != nil)
        while sent.count > acknowledged.count + 1 || client.isExecuting { usleep(10_000) }
        let acked = acknowledged.all
        #expect(acked.count >= 15)

        // Restart; re-send every batch that was sent (the last one may or may not have committed).
        let second = try ServerProcess(executable: binary, database: database)
        for index in sent.all.keys.sorted() {
            let reply = try LoopbackHTTP.request(
                port: second.port, method: "POST", path: "/v1/ratings", token: token, headers: [("Idempotency-Key", "crash-\(index)")],
                body: Self.body(index))
            #expect(reply.status == 200)
            if let batchID = acked[index] {
                // Acknowledged before the crash: the same batch, replayed, nothing stored twice.
                #expect(Self.batchID(reply) == batchID)
                #expect(reply.body.contains(#""replayed":true"#))
            }
        }
        second.kill(SIGTERM)
        #expect(second.waitForExit(seconds: 15) == 0, "graceful shutdown on SIGTERM exits 0")

        let store = try SQLiteStore(path: database)
        let batches = sent.count
        #expect(try store.statistics().ratings == batches * Self.perBatch)
        for (index, batchID) in acked {
            for n in [0, Self.perBatch - 1] {
                #expect(try store.provenance(ratingID: "crash-\(index)-\(n)")?.batch.batchID == batchID)
            }
        }
        let verification = try store.verifyAudit()
        #expect(verification.isValid, "\(String(describing: verification.firstProblem))")
    }
}
