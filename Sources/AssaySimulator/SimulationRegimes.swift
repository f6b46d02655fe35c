/// Regimes that real preference crowds show and the plain simulator does not (issue 12, `Docs/regimes.md`). Every
/// regime is off by default; with all of them off ``RatingSimulator`` writes exactly the ratings it wrote before
/// regimes existed, byte for byte. Each regime draws from its own seeded stream, so the same seed and regimes give
/// the same bytes.
public struct SimulationRegimes: Sendable, Hashable {
    /// Share of the annotators who are a campaign-launch cohort: fresh accounts that all start within the first hour,
    /// do 10–60 honest ratings each inside about two hours, all on the `campaignBatchItems` pairwise items open at
    /// the start (so they co-rate many items), with skill from the top third of the skill range. 0 is off.
    public var campaignLaunchShare = 0.0
    /// Pairwise items open when the campaign starts: the first this many pairwise items, the cohort's whole batch.
    public var campaignBatchItems = 60
    /// Probability that the truly better response of a pairwise item is shown second (one layout per item, as on a
    /// platform that fixes left and right in the task). nil shuffles the order of every rating, as before.
    public var positionImbalance: Double? = nil
    /// Overall rate of honest `tie` answers on pairwise items, more often on close items and less on clear ones
    /// (``TieModel``). nil keeps the plain model (a tie with probability 0.3 when the quality gap is below 0.05).
    public var tieRate: Double? = nil
    /// Responses per prompt that recur across pairwise items: each prompt has this many responses with a latent
    /// quality each, and its pairwise items are the pairs among them (4 responses → 6 items), so the same response
    /// text appears in several items and the truth is transitive. 0 (or 1) is off: every item has its own responses.
    public var responsePool = 0
    /// Share of honest pairwise ratings that are shown to the same annotator again later (an adaptive design's repeat):
    /// a new rating id, a later time and an independent new judgment. 0 is off.
    public var repeatExposure = 0.0

    public init() {}

    /// Whether any regime is on.
    public var isActive: Bool {
        campaignLaunchShare > 0 || positionImbalance != nil || tieRate != nil || responsePool >= 2 || repeatExposure > 0
    }

    /// The regimes that are on, by their flag's name and value (for the truth file).
    public var active: [(name: String, value: Double)] {
        var out: [(name: String, value: Double)] = []
        if campaignLaunchShare > 0 {
            out.append(("campaign_launch", campaignLaunchShare))
            out.append(("campaign_batch_items", Double(campaignBatchItems)))
        }
        if let positionImbalance { out.append(("position_imbalance", positionImbalance)) }
        if let tieRate { out.append(("tie_rate", tieRate)) }
        if responsePool >= 2 { out.append(("response_pool", Double(responsePool))) }
        if repeatExposure > 0 { out.append(("repeat_exposure", repeatExposure)) }
        return out
    }
}
