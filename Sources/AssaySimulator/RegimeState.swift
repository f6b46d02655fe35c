/// The mutable state of the configured ``SimulationRegimes`` during one simulation: each regime's own random
/// stream (so a regime that is off draws nothing, and the plain output stays byte-identical), the campaign cohort,
/// the response pool and the tie model.
struct RegimeState {
    /// The campaign-launch cohort (empty when the regime is off).
    let cohort: CampaignCohort
    /// Annotators drawn at random for every item: everyone outside the cohort.
    let regular: [Int]
    /// The recurring-responses pool (nil when the regime is off).
    var pool: ResponsePool?
    /// The honest tie model.
    let tie: TieModel
    /// Draws each item's layout (position-imbalance regime).
    var layoutRNG: SeededGenerator
    /// Draws which ratings are shown again, and the new judgments (repeat-exposure regime).
    var repeatRNG: SeededGenerator

    init(config: SimulationConfig, annotators: Int) {
        let regimes = config.regimes
        let cohort =
            regimes.campaignLaunchShare > 0
            ? CampaignCohort(
                share: regimes.campaignLaunchShare, annotators: annotators, batchItems: min(regimes.campaignBatchItems, config.pairwiseItems),
                config: config)
            : CampaignCohort()
        self.cohort = cohort
        regular = cohort.members.isEmpty ? Array(0..<annotators) : (0..<annotators).filter { !cohort.isMember[$0] }
        pool = regimes.responsePool >= 2 ? ResponsePool(size: regimes.responsePool, seed: config.seed) : nil
        tie = TieModel(rate: regimes.tieRate)
        layoutRNG = SeededGenerator(seed: config.seed ^ 0x1A70_07F1_0000_0001)
        repeatRNG = SeededGenerator(seed: config.seed ^ 0x0E9E_A7ED_0000_0001)
    }
}
