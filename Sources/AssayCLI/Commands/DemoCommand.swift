import ArgumentParser
import AssayIngest
import AssayStore
import Foundation

/// `assay demo`: the main job on the bundled fixtures with the embedded SQLite store.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the main job on the bundled fixtures: ingest, stats, snapshot, audit check.",
        discussion: """
            Uses Fixtures/sample (JSON Lines of all three kinds, and a pairwise CSV) and a fresh \
            store at .assay/demo.sqlite. Every step is the same code as the individual commands.
            """)

    @Option(help: ArgumentHelp("The fixtures folder.", valueName: "DIR"))
    var fixtures = "Fixtures"

    @Option(help: ArgumentHelp("The store to (re)create.", valueName: "PATH"))
    var db = ".assay/demo.sqlite"

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
        print("\n== snapshot")
        let snapshot = try store.createSnapshot(name: "demo", upToBatch: nil, actor: Console.osUser)
        print("snapshot \(snapshot.name): \(Console.count(snapshot.ratings)) ratings, sha256 \(snapshot.digest)")
        print("\n== audit")
        let audit = try store.verifyAudit()
        guard audit.isValid else {
            Console.error("audit log BROKEN: \(audit.firstProblem!)")
            throw ExitCode(1)
        }
        print("audit log OK: \(audit.entries) entries, head \(audit.headHash)")
        print("\nstore: \(db) (inspect with: assay stats --db \(db), sqlite3 \(db))")
    }
}
