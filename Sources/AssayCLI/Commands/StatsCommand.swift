import ArgumentParser
import AssayStore

/// `assay stats`: what the store holds.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Counts by kind, annotators, items, batches, and ratings per item and per annotator.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let stats = try store.open().statistics()
        let kinds = ["pairwise", "ranking", "score"].map { "\($0) \(Console.count(stats.ratingsByKind[$0] ?? 0))" }
        print("store:       \(store.db)")
        print("ratings:     \(Console.count(stats.ratings)) (\(kinds.joined(separator: ", ")); \(Console.count(stats.goldRatings)) on gold items)")
        print("annotators:  \(Console.count(stats.annotators))")
        print("items:       \(Console.count(stats.items)) (\(Console.count(stats.distinctTexts)) distinct texts)")
        print("batches:     \(Console.count(stats.batches))")
        print("snapshots:   \(Console.count(stats.snapshots))")
        print("audit log:   \(Console.count(stats.auditEntries)) entries")
        print("per item:      \(Self.describe(stats.ratingsPerItem))")
        print("per annotator: \(Self.describe(stats.ratingsPerAnnotator))")
    }

    static func describe(_ distribution: StoreStatistics.Distribution) -> String {
        "min \(distribution.min), median \(distribution.median), p90 \(distribution.p90), max \(distribution.max), "
            + "mean \(String(format: "%.1f", distribution.mean))"
    }
}
