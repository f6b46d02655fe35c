import ArgumentParser
import AssayIngest
import AssayStore
import Foundation

/// `assay demo`: the main job on the bundled fixtures with the embedded SQLite store.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the bundled fixtures: ingest, stats, clean, score, verify, audit check; then a real crowd.",
        discussion: """
            Uses Fixtures/demo/ratings.jsonl (simulated ratings of all three kinds with planted adversaries of \
            every attack kind, and their truth) and Fixtures/sample/pairwise.csv, a fresh store at \
            .assay/demo.sqlite, the test key in Fixtures/keys (never use it for real data) and writes the run to \
            out/demo; the first report shows exclusions with their evidence, scored against the planted truth. Then \
            the real LLMFAO crowd (Fixtures/llmfao) is cleaned into out/demo-llmfao and scored against GPT-4's \
            verdicts beside majority vote: what Assay keeps on real data. Every step is the same code as the \
            individual commands.
            """)

    @Option(help: ArgumentHelp("The fixtures folder.", valueName: "DIR"))
    var fixtures = "Fixtures"

    @Option(help: ArgumentHelp("The store to (re)create.", valueName: "PATH"))
    var db = ".assay/demo.sqlite"

    @Option(help: ArgumentHelp("The run's output directory (replaced).", valueName: "DIR"))
    var out = "out/demo"

    func validate() throws { _ = try StorePath.sqlitePath(db, command: "demo") }

    func run() throws {
        let db = try StorePath.sqlitePath(self.db, command: "demo")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try SQLiteStore(path: db)
        let ingestor = Ingestor(store: store)
        let jsonl = fixtures + "/demo/ratings.jsonl"
        let csv = fixtures + "/sample/pairwise.csv"
        print("== ingest")
        let options = IngestOptions(source: "demo", submitter: Console.osUser)
        let first = try ingestor.ingest(file: jsonl, options: options)
        print("\(jsonl): \(first.counts.summary) (batch \(first.batches[0].batchID), sha256 \(first.batches[0].rawDigest.hex.prefix(16))…)")
        let second = try ingestor.ingest(file: csv, options: options)
        print("\(csv): \(second.counts.summary)")
        let again = try ingestor.ingest(file: jsonl, options: options)
        print("\(jsonl) again: \(again.counts.summary) (idempotent)")
        print("\n== stats")
        try StatsCommand.parse(["--db", db]).run()
        print("\n== clean")
        let privateKey = fixtures + "/keys/test-ed25519-private.pem"
        let publicKey = fixtures + "/keys/test-ed25519-public.pem"
        try CleanCommand.parse(["--db", db, "--out", out, "--key", privateKey, "--force"]).run()
        print("\n== score against the planted adversaries (Fixtures/demo/truth.json)")
        try EvaluateCommand.parse(["--run", out, "--truth", fixtures + "/demo/truth.json", "--ratings", jsonl]).run()
        print("\n== verify")
        try VerifyCommand.parse([out, "--public-key", publicKey]).run()
        print("\n== audit")
        let audit = try store.verifyAudit()
        guard audit.isValid else {
            Console.error("audit log BROKEN: \(audit.firstProblem!)")
            throw ExitCode(1)
        }
        print("audit log OK: \(audit.entries) entries, head \(audit.headHash)")
        print("\n== real data: LLMFAO (8,931 crowd judgments, GPT-4's verdicts as reference)")
        let realOut = out + "-llmfao"
        let realRatings = realOut + ".ratings.jsonl"
        let reference = realOut + ".reference.jsonl"
        try ImportCommand.LLMFAO.parse(["--dir", fixtures + "/llmfao", "--out", realRatings, "--reference-out", reference]).run()
        try CleanCommand.parse(["--input", realRatings, "--out", realOut, "--key", privateKey, "--force"]).run()
        try EvaluateCommand.parse(["--run", realOut, "--reference", reference, "--ratings", realRatings]).run()
        print("\nstore:   \(db)")
        print("outputs: \(out)/ (dataset.jsonl loads into TRL's RewardTrainer; exclusions.jsonl lists every rating left out)")
        print("report:  \(out)/report.html (planted adversaries), \(realOut)/report.html (a real crowd)")
    }
}
