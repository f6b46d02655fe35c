import ArgumentParser
import AssayClean
import AssayCrypto
import AssayIngest
import AssayModel
import AssayStore
import AssayStorePostgres
import Foundation

/// `assay clean`: the cleaning run.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Clean a snapshot: consensus and weights, rules, decisions, a reward dataset, a report and a signed attestation.",
        discussion: """
            Reads the store (--db) or, one-shot, rating files (--input: an embedded store is \
            created for the run and removed afterwards). Writes dataset.jsonl, scores.jsonl, \
            annotators.jsonl, exclusions.jsonl, report.md, report.html and attestation.dsse.json \
            into --out (shared/contract/outputs-v1.md). Check a run with `assay verify`.
            """)

    @Option(help: ArgumentHelp("The store to clean (default .assay/assay.sqlite unless --input is given).", valueName: "PATH"))
    var db: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Rating files to clean one-shot (JSON Lines or .csv).", valueName: "FILE"))
    var input: [String] = []

    @Option(help: ArgumentHelp("The output directory.", valueName: "DIR"))
    var out: String

    @Option(help: ArgumentHelp("Ed25519 private key (PEM) that signs the attestation; make one with `assay keygen`.", valueName: "PRIVATE.pem"))
    var key: String

    @Option(help: ArgumentHelp("Config file (JSON): rules, plugins, policy (Docs/cleaning.md).", valueName: "FILE"))
    var config: String?

    @Option(help: ArgumentHelp("More rule plugin directories.", valueName: "DIR"))
    var plugins: [String] = []

    @Option(help: "Clean this existing snapshot instead of a new one of everything stored.")
    var snapshot: String?

    @Option(help: "Actor recorded in the audit log and run history (default: the OS user).")
    var actor: String?

    @Flag(help: "Replace the outputs of an earlier run in --out.")
    var force = false

    @Flag(help: "Clean even when no rule plugin is found (consensus and weights only, no detection).")
    var noRules = false

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    func validate() throws {
        if db != nil, !input.isEmpty { throw ValidationError("give either --db or --input, not both") }
        if snapshot != nil, !input.isEmpty { throw ValidationError("--snapshot needs --db") }
        if let db { _ = try StorePath.target(db) }
    }

    func run() throws {
        let clock = Stopwatch()
        let actor = actor ?? Console.osUser
        let signingKey = try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: key))
        var temporary: String?
        defer { if let temporary { try? FileManager.default.removeItem(atPath: temporary) } }
        let store: any AssayStore
        let inputDescription: String
        if input.isEmpty {
            switch try StorePath.target(db ?? ".assay/assay.sqlite") {
            case .sqlite(let path):
                guard FileManager.default.fileExists(atPath: path) else {
                    throw ValidationFailure("no store at \(path); ingest first (assay ingest FILE --db \(path)) or use --input FILE")
                }
                store = try SQLiteStore(path: path)
            case .postgres(let url):
                store = try PostgresStore(url: url)
            }
            inputDescription = "store \(store.location)"
        } else {
            let folder = NSTemporaryDirectory() + "assay-clean-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            temporary = folder
            store = try SQLiteStore(path: folder + "/input.sqlite")
            inputDescription = "files " + input.joined(separator: ", ")
            let ingestor = Ingestor(store: store)
            for file in input {
                let options = IngestOptions(source: URL(fileURLWithPath: file).lastPathComponent, submitter: actor)
                var problems = 0
                let onProblem: (RatingError) -> Void = { error in
                    problems += 1
                    if problems <= 20 { Console.error("\(file): \(error)") }
                }
                let result = try ingestor.ingest(file: file, options: options, onProblem: onProblem)
                if problems > 20 { Console.error("\(file): … \(problems - 20) more problems") }
                Console.error("ingested \(file): \(result.counts.summary)")
            }
        }
        let showProgress = progress || Console.stderrIsTerminal
        var request = CleaningRequest(
            store: store, snapshotName: snapshot, outputDirectory: URL(fileURLWithPath: out),
            signingKey: signingKey, configFile: config.map { URL(fileURLWithPath: $0) },
            pluginDirectories: plugins.map { URL(fileURLWithPath: $0) }, actor: actor, inputDescription: inputDescription)
        request.replaceOutput = force
        request.requireRules = !noRules
        let result = try CleaningRun.run(request) { event in
            guard showProgress else { return }
            Console.error(String(format: "[%6.1fs] %-11@ %@", event.elapsedSeconds, event.phase.rawValue as NSString, event.message as NSString))
        }
        let statuses = ["trusted", "downweighted", "flagged", "excluded"].map { "\(result.annotatorsByStatus[$0] ?? 0) \($0)" }
        print("run \(result.runID) done in \(String(format: "%.1f", clock.seconds)) s")
        print("  snapshot     \(result.snapshot.name) (\(Console.count(result.ratings)) ratings, sha256 \(result.snapshot.digest.prefix(16))…)")
        print("  annotators   \(statuses.joined(separator: ", "))")
        print("  dataset      \(Console.count(result.datasetRows)) comparisons, \(Console.count(result.scoreRows)) scores")
        print("  excluded     \(Console.count(result.excludedRatings)) ratings (\(result.uncertainItems) items with uncertain consensus)")
        print(
            "  rules        \(result.rulesRun) run"
                + (result.rulesFailed.isEmpty ? "" : ", FAILED (skipped): \(result.rulesFailed.joined(separator: ", "))"))
        print("  outputs      \(result.outputDirectory.path)/  (\(result.files.joined(separator: ", ")))")
        print("  report       \(result.outputDirectory.path)/report.html")
        print("  signed by    key \(result.keyID.prefix(16))…; check with: assay verify \(out) --public-key PUBLIC.pem")
    }
}
