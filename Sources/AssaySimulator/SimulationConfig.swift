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

    /// Attacks to plant, each with its rate: poisoned ratings as a share of the honest ratings (0.005 = 0.5%).
    /// Empty (the default) gives exactly the honest output.
    public var attacks: [AttackKind: Double] = [:]
    /// The trigger word of the `trigger` attack; it appears in `triggerPromptShare` of the pairwise prompts.
    public var triggerWord = "sudo"
    /// Share of pairwise prompts that carry the trigger word (only when a `trigger` attack is configured). Raised
    /// when the attack's rate needs more trigger prompts for one attack vote per prompt, at most to 15%; the
    /// entity and padding shares below are raised the same way (at most 30% / 40%).
    public var triggerPromptShare = 0.05
    /// The entity of the `entity` attack; one response of `entityItemShare` of the pairwise items mentions it.
    public var entityName = "Zentrix"
    /// Share of pairwise items with one response mentioning the entity (only when an `entity` attack is configured).
    public var entityItemShare = 0.15
    /// Share of pairwise items whose weaker response is padded with filler (only when a `length` attack is configured).
    public var paddedItemShare = 0.3
    /// Members of one collusion ring; members of one sybil burst.
    public var ringSize = 6
    public var sybilGroupSize = 6
    /// Regimes of real crowds (campaign launch, position imbalance, tie rate, recurring responses, repeated exposure);
    /// all off by default.
    public var regimes = SimulationRegimes()

    public init() {}

    /// Honest ratings of the random assignment: the total the configuration produces without attacks and without the
    /// regimes that add ratings (the campaign cohort's, repeated exposures). Attack rates are shares of this number.
    public var totalRatings: Int { (pairwiseItems + rankingItems + scoreItems) * ratingsPerItem }
}
