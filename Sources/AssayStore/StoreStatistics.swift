/// Counts and distributions of a store, for `assay stats`.
public struct StoreStatistics: Sendable, Equatable {
    /// Summary of a count distribution (ratings per item, ratings per annotator).
    public struct Distribution: Sendable, Equatable {
        public let min: Int
        public let median: Int
        public let p90: Int
        public let max: Int
        public let mean: Double

        public init(sortedCounts: [Int]) {
            guard !sortedCounts.isEmpty else {
                min = 0
                median = 0
                p90 = 0
                max = 0
                mean = 0
                return
            }
            min = sortedCounts[0]
            max = sortedCounts[sortedCounts.count - 1]
            median = sortedCounts[(sortedCounts.count - 1) / 2]
            p90 = sortedCounts[Int((Double(sortedCounts.count - 1) * 0.9).rounded(.down))]
            mean = Double(sortedCounts.reduce(0, +)) / Double(sortedCounts.count)
        }
    }

    public let ratings: Int
    public let ratingsByKind: [String: Int]
    public let goldRatings: Int
    public let items: Int
    public let annotators: Int
    public let batches: Int
    public let distinctTexts: Int
    public let snapshots: Int
    public let auditEntries: Int
    public let ratingsPerItem: Distribution
    public let ratingsPerAnnotator: Distribution

    /// Creates the value from its fields (for store backends).
    public init(
        ratings: Int, ratingsByKind: [String: Int], goldRatings: Int, items: Int, annotators: Int, batches: Int, distinctTexts: Int, snapshots: Int,
        auditEntries: Int, ratingsPerItem: Distribution, ratingsPerAnnotator: Distribution
    ) {
        self.ratings = ratings
        self.ratingsByKind = ratingsByKind
        self.goldRatings = goldRatings
        self.items = items
        self.annotators = annotators
        self.batches = batches
        self.distinctTexts = distinctTexts
        self.snapshots = snapshots
        self.auditEntries = auditEntries
        self.ratingsPerItem = ratingsPerItem
        self.ratingsPerAnnotator = ratingsPerAnnotator
    }
}
