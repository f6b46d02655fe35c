/// The campaign-launch regime's cohort: fresh honest accounts that all start within the campaign's first hour and do a
/// burst of 10–60 honest ratings each, every one within an hour of their own start (so the whole activity fits in
/// two hours), on the small batch of pairwise items open at the start: they co-rate many items. Good workers join
/// early, so their skill is drawn from the top third of the skill range (real launch cohorts were the most accurate
/// workers of their set, `real-crowds.md`).
struct CampaignCohort {
    /// Annotator indices in the cohort, ascending.
    let members: [Int]
    /// Whether an annotator index is in the cohort.
    let isMember: [Bool]
    /// Skill of each member, by annotator index (only members are set).
    let skill: [Int: Double]
    /// For each batch item (pairwise item index below the batch size): the members who rate it and when.
    let assignments: [[(member: Int, time: Int64)]]

    /// The latest a member starts, after the campaign's start.
    static let startWindowMs: Int64 = 55 * 60_000
    /// The longest a member's own burst lasts.
    static let burstMs: Int64 = 60 * 60_000

    init(share: Double, annotators: Int, batchItems: Int, config: SimulationConfig) {
        var rng = SeededGenerator(seed: config.seed ^ 0xCA3F_A16E_0000_0001)
        let count = share > 0 ? min(annotators, max(1, Int((share * Double(annotators)).rounded()))) : 0
        var pool = Array(0..<annotators)
        pool.shuffle(using: &rng)
        members = pool.prefix(count).sorted()
        var flags = [Bool](repeating: false, count: annotators)
        for member in members { flags[member] = true }
        isMember = flags
        let low = config.skillRange.lowerBound + (config.skillRange.upperBound - config.skillRange.lowerBound) * 2 / 3
        var skills: [Int: Double] = [:]
        var plan = [[(member: Int, time: Int64)]](repeating: [], count: max(0, batchItems))
        let start = config.start.millisecondsSinceEpoch
        for member in members {
            skills[member] = low + rng.unit() * (config.skillRange.upperBound - low)
            guard batchItems > 0 else { continue }
            let wanted = min(batchItems, 10 + rng.below(51))
            var items = Array(0..<batchItems)
            items.shuffle(using: &rng)
            let own = start + Int64(rng.unit() * Double(Self.startWindowMs))
            let burst = Int64((0.4 + rng.unit() * 0.6) * Double(Self.burstMs))
            var offsets = (0..<wanted).map { _ in Int64(rng.unit() * Double(burst)) }
            offsets.sort()
            for (item, offset) in zip(items.prefix(wanted), offsets) {
                // Never before the item opened (item i opens at start + i·secondsBetweenItems).
                let opens = start + Int64(Double(item) * config.secondsBetweenItems * 1000)
                plan[item].append((member, max(opens + 1_000, own + offset)))
            }
        }
        skill = skills
        assignments = plan
    }

    /// No cohort.
    init() {
        members = []
        isMember = []
        skill = [:]
        assignments = []
    }
}
