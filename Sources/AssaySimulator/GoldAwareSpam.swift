import AssayModel

/// The `gold-aware` attack: spammers who recognise the control (gold) items and answer those correctly, work at
/// honest speed (durations drawn like an honest annotator's, with a speed of their own in the honest range), answer
/// honestly (skill 0.85) 30% of the time elsewhere and at random otherwise — control-item leakage, a known pattern on
/// crowd platforms. Only the random answers are poisoned. Pairwise items only; on its own random stream, so the
/// other attacks keep their draws.
struct GoldAwareSpam {
    /// Share of non-gold ratings answered honestly.
    static let honestShare = 0.3
    /// Poisoned ratings each adversary carries, for sizing the pool.
    static let poisonPerAdversary = 80

    private var rng: SeededGenerator
    private let members: [String]
    private let speed: [String: Double]
    /// Ratings planted per pairwise item, on average.
    private let perItem: Double
    private let tie: TieModel
    private let batch: String
    private(set) var remaining: Int

    /// The number of adversaries a budget of `budget` poisoned ratings needs.
    static func adversaries(budget: Int) -> Int { max(1, (budget + poisonPerAdversary / 2) / poisonPerAdversary) }

    init(members: [String], budget: Int, config: SimulationConfig) {
        rng = SeededGenerator(seed: config.seed ^ 0x601D_A3A2_E000_0001)
        self.members = members
        var speeds: [String: Double] = [:]
        for member in members { speeds[member] = 0.6 + rng.unit() * 0.9 }
        speed = speeds
        let poisonedPerRating = (1 - Self.honestShare) * (1 - config.goldFraction)
        perItem = config.pairwiseItems > 0 ? Double(budget) / poisonedPerRating / Double(config.pairwiseItems) : 0
        tie = TieModel(rate: config.regimes.tieRate)
        batch = "sim-\(config.seed)"
        remaining = budget
    }

    /// The ratings planted on one pairwise item, by adversaries not in `used` (who are then added to it).
    mutating func plant(_ item: AttackPlanner.Item, used: inout Set<String>) -> [AttackPlanner.Planted] {
        guard item.kind == .pairwise, remaining > 0 else { return [] }
        var count = Int(perItem)
        if rng.unit() < perItem - Double(count) { count += 1 }
        let better = item.qualities[0] >= item.qualities[1] ? 0 : 1
        let gap = abs(item.qualities[0] - item.qualities[1])
        var out: [AttackPlanner.Planted] = []
        for _ in 0..<count {
            let free = members.filter { !used.contains($0) }
            guard remaining > 0, !free.isEmpty else { break }
            let annotator = free[rng.below(free.count)]
            used.insert(annotator)
            var shown = item.responseIDs
            if let layout = item.layout { shown = layout } else { shown.shuffle(using: &rng) }
            let choice: String
            var poisoned = false
            if item.isGold {
                choice = item.responseIDs[better]
            } else if rng.unit() < Self.honestShare {
                if let correct = tie.judge(skill: 0.85, gap: gap, rng: &rng) {
                    choice = item.responseIDs[correct ? better : 1 - better]
                } else {
                    choice = "tie"
                }
            } else {
                choice = item.responseIDs[rng.below(2)]
                poisoned = true
            }
            var rating: AttackPlanner.Members = [
                ("annotator_id", .string(annotator)), ("item_id", .string(item.id)), ("kind", .string(item.kind.rawValue)),
                ("prompt", .string(item.prompt)),
                ("responses", .array(zip(item.responseIDs, item.texts).map { .object([("id", .string($0)), ("text", .string($1))]) })),
                ("shown_order", .array(shown.map(JSONValue.string))), ("choice", .string(choice)),
            ]
            if item.isGold { rating.append(("gold", .string(item.responseIDs[better]))) }
            let time = item.baseTime + Int64(rng.unit() * 600_000)
            let seconds = (2 + item.readingLength / 40) / speed[annotator]! * (0.7 + rng.unit() * 0.6)
            rating.append(("submitted_at", .string(Timestamp(millisecondsSinceEpoch: time).description)))
            rating.append(("duration_ms", .number((seconds * 1000).rounded())))
            rating.append(("meta", .object([("batch", .string(batch)), ("task_template", .string("\(item.kind.rawValue)-v1"))])))
            out.append(AttackPlanner.Planted(time: time, rating: rating, annotator: annotator, poison: poisoned ? .goldAware : nil))
            if poisoned { remaining -= 1 }
        }
        return out
    }
}
