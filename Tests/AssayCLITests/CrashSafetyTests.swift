import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// `assay ingest` killed with SIGKILL mid-way loses nothing it acknowledged and leaves no
/// half-recorded batch; re-running the same ingest stores every rating exactly once.
@Suite("Crash safety", .serialized)
struct CrashSafetyTests {
    static let ratings = 60_000

    @Test("SIGKILL mid-ingest, then re-run: every rating exactly once, every batch whole, audit chain intact")
    func killAndRerun() async throws {
        let folder = TemporaryDirectory()
        let input = folder.path("big.jsonl")
        let db = folder.path("crash.sqlite")
        let generated = try ProcessRunner.assay([
            "simulate", "--out", input, "--seed", "11", "--pairwise-items", "\(Self.ratings / 10)", "--ranking-items", "0",
            "--score-items", "0", "--ratings-per-item", "10", "--annotators", "300",
        ])
        #expect(generated.status == 0)

        // Stop halfway through batch 4, inside its open transaction, and kill the process there.
        let stderrPath = folder.path("stderr.txt")
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Repository.assay)
        process.arguments = ["ingest", input, "--db", db, "--batch-size", "3000", "--quiet"]
        process.environment = ProcessInfo.processInfo.environment.merging(["ASSAY_FAILPOINT_PAUSE_IN_BATCH": "4"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try process.run()
        var paused = false
        for _ in 0..<1_200 where !paused {
            try await Task.sleep(for: .milliseconds(100))
            paused = (try? String(contentsOfFile: stderrPath, encoding: .utf8))?.contains("failpoint: paused in batch 4") == true
        }
        #expect(paused, "the ingest reached the failpoint")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let afterCrash = try SQLiteStore(path: db)
        let crashedBatches = try afterCrash.statistics().batches
        let crashedRatings = try afterCrash.statistics().ratings
        #expect(crashedBatches == 3, "the three batches committed before the kill survive")
        #expect(crashedRatings == 9_000, "the batch in progress left nothing behind")
        #expect(try afterCrash.verifyAudit().isValid)

        let rerun = try ProcessRunner.assay(["ingest", input, "--db", db, "--batch-size", "3000", "--quiet"])
        #expect(rerun.status == 0)
        #expect(rerun.stdout.contains("total: accepted \(Self.ratings - crashedRatings), duplicate \(crashedRatings), conflict 0, rejected 0"))

        let store = try SQLiteStore(path: db)
        #expect(try store.statistics().ratings == Self.ratings)
        let distinct = try ProcessRunner.sqlite3(db, "SELECT COUNT(DISTINCT rating_id) FROM ratings")
        #expect(distinct.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(Self.ratings)")
        let audit = try store.verifyAudit()
        #expect(audit.isValid)
        #expect(audit.entries == crashedBatches + Self.ratings / 3000)
    }
}
