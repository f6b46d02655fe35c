import AssayModel

/// What ``StreamSimulator`` generates: ratings shaped like a platform's stream rather than grouped by item.
///
/// Items open one every `secondsBetweenItems`; each item's ratings fall anywhere in the `spreadSeconds` after it
/// opens, so a rating's neighbours in the file belong to other items, and the same item comes back hours or days
/// later. Only an item's first rating in the file carries its prompt and responses (the contract's "on first sight").
public struct StreamSimulation: Sendable {
    public var seed: UInt64 = 42
    /// Ratings to generate (rounded down to a whole number of items).
    public var ratings = 1_000_000
    /// Distinct annotators per item.
    public var ratingsPerItem = 4
    public var annotators = 2_000
    /// Share of pairwise items; the rest are split evenly between ranking and score items.
    public var pairwiseShare = 0.9
    /// Share of items that are gold (control) items carrying the known answer.
    public var goldFraction = 0.02
    /// Seconds between two items opening.
    public var secondsBetweenItems = 1.0
    /// An item's ratings are spread over this many seconds after it opens (two days by default).
    public var spreadSeconds = 172_800.0
    /// Time the first item opens.
    public var start = Timestamp(millisecondsSinceEpoch: 1_793_520_000_000)  // 2026-11-01T08:00:00Z
    /// Prefix of every rating id.
    public var ratingIDPrefix = "r"
    /// Prefix of every item id.
    public var itemIDPrefix = "item"

    public init() {}

    /// Items generated.
    public var items: Int { max(1, ratings / max(1, ratingsPerItem)) }
    /// Ratings generated.
    public var totalRatings: Int { items * min(ratingsPerItem, annotators) }
}
