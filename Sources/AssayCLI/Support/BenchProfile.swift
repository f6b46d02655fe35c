import ArgumentParser

/// The shape of the data `assay bench ingest` and `assay simulate` generate.
enum BenchProfile: String, ExpressibleByArgument, CaseIterable {
    /// ``RatingSimulator``'s output: an item's ratings within ten minutes of each other, in blocks of 500 items.
    case grouped
    /// ``StreamSimulator``'s output: items interleaved over days, texts on first sight, realistic text lengths.
    case stream

    /// Ratings per item when `--ratings-per-item` is not given.
    var defaultRatingsPerItem: Int { self == .grouped ? 10 : 4 }
}
