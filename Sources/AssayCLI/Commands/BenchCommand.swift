import ArgumentParser
import AssayIngest
import AssaySimulator
import AssayStore
import Foundation

/// `assay bench …`: benchmarks whose figures go in Docs/performance.md.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Run a benchmark and print its figures.",
        subcommands: [BenchIngestCommand.self, BenchConsensusCommand.self])
}

/// `assay bench ingest`: end-to-end JSON Lines ingest of generated ratings, grouped by item or shaped like a stream.
struct BenchIngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Generate N ratings as JSON Lines, ingest them into a fresh store, report ratings/s and peak RSS.",
        discussion: """
            The file is generated first (not timed), then ingested in this process exactly as \
            `assay ingest` does (parse, validate, hash, store, audit). Peak RSS is the process's \
            VmHWM and includes the streamed generation, which is small. `--profile grouped` (the \
            default) writes pairwise ratings grouped by item; `--profile stream` writes data shaped \
            like a platform's stream: items interleaved over days, the texts only on an item's first \
            rating, prompts of ~100 bytes and responses of 200-600 bytes, 90% pairwise.
            """)

    @Option(help: "Data shape: grouped (ratings of an item together) or stream (items interleaved over days).")
    var profile = BenchProfile.grouped

    @Option(help: "Ratings to generate.")
    var ratings = 1_000_000

    @Option(help: "Ratings per item (items = ratings / this; default 10 grouped, 4 stream).")
    var ratingsPerItem: Int?

    @Option(help: "Annotators.")
    var annotators = 2_000

    @Option(help: "Commit every N records as its own batch (default: one batch).")
    var batchSize: Int?

    @Option(help: "SQLite page cache of the store, in MB.")
    var cacheMb = 64

    @Option(help: "Working folder (a temporary one by default; removed afterwards unless --keep).")
    var workdir: String?

    @Flag(help: "Keep the generated file and store.")
    var keep = false

    func run() throws {
        let folder = workdir ?? NSTemporaryDirectory() + "assay-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(atPath: folder) } }
        let input = folder + "/ratings.jsonl"
        let generation = Stopwatch()
        let file = try OutputFile(path: input)
        let generated = generate { file.write($0) }
        file.close()
        // Flush the generated file before the clock starts: otherwise the kernel writes it back
        // during the ingest and the benchmark times the generator's I/O too.
        if let handle = FileHandle(forWritingAtPath: input) {
            try handle.synchronize()
            try handle.close()
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        print(
            "generated \(Console.count(generated)) \(profile.rawValue) ratings (\(bytes / 1_000_000) MB) in \(String(format: "%.1f", generation.seconds)) s"
        )
        let store = try SQLiteStore(path: folder + "/bench.sqlite", cacheMegabytes: cacheMb)
        let source = JSONLinesSource(stream: try ByteStream(path: input), origin: input)
        let clock = Stopwatch()
        let result = try Ingestor(store: store).ingest(
            source, options: IngestOptions(source: "bench", submitter: "bench", recordsPerBatch: batchSize))
        let seconds = clock.seconds
        let rate = Double(result.counts.total) / seconds
        let peak = Console.peakResidentBytes.map { "\($0 / 1_048_576) MB" } ?? "n/a"
        print("ingested: \(result.counts.summary) in \(String(format: "%.2f", seconds)) s")
        print("rate: \(Console.count(Int(rate))) ratings/s; peak RSS: \(peak); batches: \(result.batches.count)")
        let size = { (path: String) in ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int ?? 0) / 1_000_000 }
        print("store: \(size(store.path)) MB (WAL \(size(store.path + "-wal")) MB)")
    }

    /// Writes the profile's ratings to `emit`; returns how many.
    private func generate(_ emit: ([UInt8]) -> Void) -> Int {
        let perItem = max(1, ratingsPerItem ?? profile.defaultRatingsPerItem)
        switch profile {
        case .grouped:
            var config = SimulationConfig()
            config.seed = 42
            config.annotators = annotators
            config.pairwiseItems = max(1, ratings / perItem)
            config.rankingItems = 0
            config.scoreItems = 0
            config.ratingsPerItem = min(perItem, annotators)
            config.goldFraction = 0.02
            RatingSimulator(config: config).generate(emit)
            return config.totalRatings
        case .stream:
            var config = StreamSimulation()
            config.ratings = ratings
            config.ratingsPerItem = perItem
            config.annotators = annotators
            StreamSimulator(config: config).generate(emit)
            return config.totalRatings
        }
    }
}
