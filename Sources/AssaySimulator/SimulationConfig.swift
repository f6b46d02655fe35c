import AssayModel

/// What ``RatingSimulator`` generates: an honest annotator population rating items of all
/// three kinds, with gold (control) items.
public struct SimulationConfig: Sendable {
    public var seed: UInt64 = 1
    public var annotators = 200
    public var pairwiseItems = 1_000
    public var rankingItems = 100
    public var scoreItems = 200
    /// Distinct annotators per item.
    public var ratingsPerItem = 5
    /// Share of items that are gold (control) items carrying the known answer.
    public var goldFraction = 0.05
    /// Annotator skill is drawn uniformly from this range (probability of preferring the
    /// better response when the quality gap is clear).
    public var skillRange: ClosedRange<Double> = 0.65...0.95
    /// Time of the first rating.
    public var start = Timestamp(millisecondsSinceEpoch: 1_793_520_000_000)  // 2026-11-01T08:00:00Z
    /// Mean seconds between consecutive items.
    public var secondsBetweenItems = 2.0
    /// Prefix of every rating id (`r-…`), so several simulated files can share one store.
    public var ratingIDPrefix = "r"
    /// Prefix of every item id.
    public var itemIDPrefix = "item"

    public init() {}

    /// Total ratings the configuration produces.
    public var totalRatings: Int { (pairwiseItems + rankingItems + scoreItems) * ratingsPerItem }
}
