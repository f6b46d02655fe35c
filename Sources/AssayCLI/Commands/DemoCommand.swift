import ArgumentParser
import AssayIngest
import AssayStore
import Foundation

/// `assay demo`: the main job on the bundled fixtures with the embedded SQLite store.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the bundled fixtures: ingest, stats, clean, verify, audit check.",
        discussion: """
            Uses Fixtures/sample (JSON Lines of all three kinds, and a pairwise CSV), a fresh \
            store at .assay/demo.sqlite, the test key in Fixtures/keys (never use it for real \
            data) and writes the run to out/demo. Every step is the same code as the individual commands.
            """)

    @Option(help: ArgumentHelp("The fixtures folder.", valueName: "DIR"))
    var fixtures = "Fixtures"

    @Option(help: ArgumentHelp("The store to (re)create.", valueName: "PATH"))
    var db = ".assay/demo.sqlite"

    @Option(help: ArgumentHelp("The run's output directory (replaced).", valueName: "DIR"))
    var out = "out/demo"

    func run() throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let store = try SQLiteStore(path: db)
        let ingestor = Ingestor(store: store)
        let jsonl = fixtures + "/sample/ratings.jsonl"
        let csv = fixtures + "/sample/pairwise.csv"
        print("== ingest")
        let first = try ingestor.ingest(
            JSONLinesSource(stream: try ByteStream(path: jsonl), origin: jsonl),
            options: IngestOptions(source: "demo", submitter: Console.osUser))
        print("\(jsonl): \(first.counts.summary) (batch \(first.batches[0].batchID), sha256 \(first.batches[0].rawDigest.hex.prefix(16))…)")
        let second = try ingestor.ingest(
            try PairwiseCSVSource(stream: try ByteStream(path: csv), origin: csv),
            options: IngestOptions(source: "demo", submitter: Console.osUser))
        print("\(csv): \(second.counts.summary)")
        let again = try ingestor.ingest(
            JSONLinesSource(stream: try ByteStream(path: jsonl), origin: jsonl),
            options: IngestOptions(source: "demo", submitter: Console.osUser))
        print("\(jsonl) again: \(again.counts.summary) (idempotent)")
        print("\n== stats")
        try StatsCommand.parse(["--db", db]).run()
        print("\n== clean")
        let privateKey = fixtures + "/keys/test-ed25519-private.pem"
        let publicKey = fixtures + "/keys/test-ed25519-public.pem"
        try CleanCommand.parse(["--db", db, "--out", out, "--key", privateKey, "--force"]).run()
        print("\n== verify")
        try VerifyCommand.parse([out, "--public-key", publicKey]).run()
        print("\n== audit")
        let audit = try store.verifyAudit()
        guard audit.isValid else {
            Console.error("audit log BROKEN: \(audit.firstProblem!)")
            throw ExitCode(1)
        }
        print("audit log OK: \(audit.entries) entries, head \(audit.headHash)")
        print("\nstore:   \(db)")
        print("outputs: \(out)/ (dataset.jsonl loads into TRL's RewardTrainer; exclusions.jsonl lists every rating left out)")
        print("report:  \(out)/report.html")
    }
}
