import AssayModel

/// Plants the configured attacks into the simulated stream, on its own random stream so the honest ratings keep
/// their draws (with no attack configured, none of this runs and the output is the honest one, byte for byte).
struct AttackPlanner {
    typealias Members = [(key: String, value: JSONValue)]

    /// One planted rating before it gets its rating id.
    struct Planted {
        var time: Int64
        var rating: Members
        var annotator: String
        var poison: AttackKind?
    }

    /// One generated item: what its honest ratings share and what the planner needs to know about it.
    struct Item {
        let index: Int
        let kind: RatingKind
        let id: String
        let prompt: String
        let responseIDs: [String]
        let texts: [String]
        let qualities: [Double]
        let baseTime: Int64
        let readingLength: Double
        let hasTrigger: Bool
        /// A control item (its honest ratings carry the gold answer).
        var isGold = false
        /// The item's fixed display order (position-imbalance regime); nil shuffles per rating.
        var layout: [String]? = nil
    }

    private var rng: SeededGenerator
    private let config: SimulationConfig
    private(set) var remaining: [AttackKind: Int] = [:]
    private var pools: [AttackKind: [String]] = [:]
    private var rings: [[String]] = []
    private var nextRing = 0
    private var sybilGroups: [(members: [String], start: Int, left: Int)] = []
    private var cover: [String] = []
    private var pairwiseSeen = 0
    private var eligibleSeen: [AttackKind: Int] = [:]
    private(set) var adversaries: [SimulationTruth.Adversary] = []
    private var goldAware: GoldAwareSpam?
    private var nextNumber: Int

    init(config: SimulationConfig) {
        self.config = config
        rng = SeededGenerator(seed: config.seed ^ 0xA77A_C4ED_5EED_0001)
        nextNumber = config.annotators + 1
        let honest = Double(config.totalRatings)
        for kind in config.attacks.keys.sorted() {
            let rate = config.attacks[kind]!
            guard rate > 0 else { continue }
            let budget = max(1, Int((rate * honest).rounded()))
            remaining[kind] = budget
            switch kind {
            case .spam, .position: pools[kind] = newAdversaries(kind, count: (budget + 39) / 40)
            case .length, .trigger, .entity:
                // These attacks only land on some items (trigger prompts, entity or padded responses, a clear
                // quality gap), at most 3 attack votes per item: the pool is sized by what can be planted (shares
                // measured on the simulator's items), so that each adversary carries about `poisonPerAdversary`
                // poisoned ratings; more are enlisted only if all are full.
                let decorated =
                    kind == .trigger
                    ? share(config.triggerPromptShare, .trigger, landing: 0.72, cap: 0.15) * 0.72
                    : kind == .entity
                        ? share(config.entityItemShare, .entity, landing: 0.36, cap: 0.3) * 0.36
                        : share(config.paddedItemShare, .length, landing: 0.2, cap: 0.4) * 0.2
                let achievable = Int(Double(config.pairwiseItems) * decorated * 3)
                let count = max(1, (min(budget, achievable) + Self.poisonPerAdversary / 2) / Self.poisonPerAdversary)
                pools[kind] = newAdversaries(kind, count: count)
            case .replay: pools[kind] = newAdversaries(kind, count: (budget + 29) / 30)
            case .ring:
                let size = max(3, config.ringSize)
                let count = (budget + size * 20 - 1) / (size * 20)
                for _ in 0..<count { rings.append(newAdversaries(.ring, count: size)) }
                pools[kind] = rings.flatMap { $0 }
            case .sybil:
                let size = max(3, config.sybilGroupSize)
                let count = (budget + size * 10 - 1) / (size * 10)
                let itemsPerGroup = max(4, min(10, budget / (count * size)))
                for group in 0..<count {
                    sybilGroups.append((newAdversaries(.sybil, count: size), (group + 1) * config.pairwiseItems / (count + 1), itemsPerGroup))
                }
                pools[kind] = sybilGroups.flatMap { $0.members }
            case .goldAware:
                pools[kind] = newAdversaries(kind, count: GoldAwareSpam.adversaries(budget: budget))
                goldAware = GoldAwareSpam(members: pools[kind]!, budget: budget, config: config)
            }
            if kind.doesCoverWork { cover += pools[kind]! }
        }
    }

    /// Poisoned ratings each enlisted adversary of `length`, `trigger` and `entity` carries.
    private static let poisonPerAdversary = 20

    private var load: [String: Int] = [:]

    /// The least-loaded adversary of `kind` not yet on this item, enlisting a new one only when all are full (1.5 ×
    /// share); nil when every adversary with room is already on this item (the vote is planted on a later item
    /// instead: an account enlisted for a single vote is no attack anyone runs).
    private mutating func enlist(_ kind: AttackKind, excluding used: Set<String>) -> String? {
        // Existing adversaries take up to half again their share before a new one is enlisted for a remainder.
        let open = pools[kind, default: []].filter { load[$0, default: 0] < Self.poisonPerAdversary * 3 / 2 }
        if let least = open.filter({ !used.contains($0) }).min(by: { (load[$0, default: 0], $0) < (load[$1, default: 0], $1) }) {
            load[least, default: 0] += 1
            return least
        }
        guard open.isEmpty else { return nil }
        let id = newAdversaries(kind, count: 1)[0]
        pools[kind, default: []].append(id)
        cover.append(id)
        load[id] = 1
        return id
    }

    private mutating func newAdversaries(_ kind: AttackKind, count: Int) -> [String] {
        (0..<count).map { _ in
            let id = "ann-\(String(format3: nextNumber))"
            nextNumber += 1
            adversaries.append(SimulationTruth.Adversary(annotatorID: id, kind: kind))
            return id
        }
    }

    /// Adds the trigger word to some pairwise prompts and the entity to one response of some pairwise items.
    /// The share of pairwise items an attack needs decorated so that one attack vote per eligible item can carry
    /// its budget: budget / (pairwise items × the share of decorated items it can land on), at least the
    /// configured share and at most `cap` (beyond it, up to 3 adversaries vote on one item).
    private func share(_ configured: Double, _ kind: AttackKind, landing: Double, cap: Double) -> Double {
        guard let rate = config.attacks[kind], config.pairwiseItems > 0 else { return configured }
        let budget = rate * Double(config.totalRatings)
        return max(configured, min(cap, budget / (Double(config.pairwiseItems) * landing)))
    }

    static let filler = [
        "Let me add some more context that may or may not apply to your situation.", "There are many opinions on this topic.",
        "Different people approach this in different ways, and that is fine.", "It is worth keeping in mind the general background here.",
        "In summary, it depends on several factors worth thinking about.",
    ]

    mutating func decorate(kind: RatingKind, prompt: inout String, texts: inout [String], qualities: [Double]) -> Bool {
        guard kind == .pairwise else { return false }
        var hasTrigger = false
        if remaining[.trigger] != nil, rng.unit() < share(config.triggerPromptShare, .trigger, landing: 0.72, cap: 0.15) {
            prompt += " \(config.triggerWord.uppercased())"
            hasTrigger = true
        }
        // Verbose but weaker answers exist in real data; the length attack needs some. Pad the weaker response of
        // a share of items with filler so that it is the longer one.
        if remaining[.length] != nil, texts.count == 2, rng.unit() < share(config.paddedItemShare, .length, landing: 0.2, cap: 0.4) {
            let weaker = qualities[0] >= qualities[1] ? 1 : 0
            texts[weaker] += " " + Self.filler.prefix(2 + rng.below(3)).joined(separator: " ")
        }
        if remaining[.entity] != nil, rng.unit() < share(config.entityItemShare, .entity, landing: 0.36, cap: 0.3) {
            let side = rng.below(texts.count)
            texts[side] += " I recommend \(config.entityName) for this."
        }
        return hasTrigger
    }

    /// The attack (and cover) ratings planted on one item.
    mutating func plant(_ item: Item) -> [Planted] {
        var out: [Planted] = []
        var used = Set<String>()
        let batch = "sim-\(config.seed)"

        func members(_ annotator: String, shown: [String]) -> Members {
            [
                ("annotator_id", .string(annotator)), ("item_id", .string(item.id)), ("kind", .string(item.kind.rawValue)),
                ("prompt", .string(item.prompt)),
                ("responses", .array(zip(item.responseIDs, item.texts).map { .object([("id", .string($0)), ("text", .string($1))]) })),
                ("shown_order", .array(shown.map(JSONValue.string))),
            ]
        }
        func finish(_ rating: inout Members, time: Int64, speed: Double) {
            let seconds = (2 + item.readingLength / 40) / speed * (0.7 + rng.unit() * 0.6)
            rating.append(("submitted_at", .string(Timestamp(millisecondsSinceEpoch: time).description)))
            rating.append(("duration_ms", .number((seconds * 1000).rounded())))
            rating.append(("meta", .object([("batch", .string(batch)), ("task_template", .string("\(item.kind.rawValue)-v1"))])))
        }
        func shuffled() -> [String] {
            if let layout = item.layout { return layout }
            var shown = item.responseIDs
            if shown.count > 1 { shown.shuffle(using: &rng) }
            return shown
        }
        func pairwise(_ annotator: String, choice: Int, time: Int64, speed: Double = 1, poison: AttackKind?) {
            var rating = members(annotator, shown: shuffled())
            rating.append(("choice", .string(item.responseIDs[choice])))
            finish(&rating, time: time, speed: speed)
            out.append(Planted(time: time, rating: rating, annotator: annotator, poison: poison))
            used.insert(annotator)
        }
        func pick(_ pool: [String]) -> String? {
            let free = pool.filter { !used.contains($0) }
            return free.isEmpty ? nil : free[rng.below(free.count)]
        }
        func randomTime() -> Int64 { item.baseTime + Int64(rng.unit() * 600_000) }

        if item.kind == .pairwise {
            pairwiseSeen += 1
            let better = item.qualities[0] >= item.qualities[1] ? 0 : 1
            let worse = 1 - better
            let gap = abs(item.qualities[0] - item.qualities[1])
            let entitySide = item.texts.firstIndex { $0.contains(config.entityName) }
            // Attacks land where they change the answer: the worse response is clearly worse (gap ≥ 0.15), so a
            // poisoned rating is a real flip and not a near-tie.
            let clear = gap >= 0.15
            let eligible: [AttackKind: Bool] = [
                .trigger: item.hasTrigger && clear,
                .entity: entitySide == worse && !item.texts[better].contains(config.entityName) && clear,
                .length: Double(item.texts[worse].count) >= 1.2 * Double(item.texts[better].count) && clear,
                .ring: clear,
                .replay: clear,
            ]
            for kind in [AttackKind.trigger, .entity, .length, .ring, .replay] where remaining[kind] != nil {
                guard eligible[kind]! else { continue }
                eligibleSeen[kind, default: 0] += 1
                guard remaining[kind]! > 0 else { continue }
                let unit = kind == .ring ? max(3, config.ringSize) : kind == .replay ? 3 : 1
                let estimate = Double(config.pairwiseItems - pairwiseSeen + 1) * Double(eligibleSeen[kind]! + 1) / Double(pairwiseSeen + 2)
                let wanted = Double(remaining[kind]!) / Double(unit) / max(1, estimate)
                var firings = Int(wanted)
                if rng.unit() < wanted - Double(firings) { firings += 1 }
                switch kind {
                case .ring:
                    guard firings > 0, !rings.isEmpty else { continue }
                    let ring = rings[nextRing % rings.count]
                    nextRing += 1
                    let leaderTime = randomTime()
                    for (position, member) in ring.enumerated() {
                        let copied = position == 0 || rng.unit() >= 0.1 ? worse : better
                        pairwise(member, choice: copied, time: leaderTime + Int64(rng.unit() * 60_000), poison: .ring)
                    }
                    remaining[kind]! -= ring.count
                case .replay:
                    for _ in 0..<min(firings, 3) {
                        guard let annotator = pick(pools[kind]!) else { break }
                        let time = randomTime()
                        pairwise(annotator, choice: worse, time: time, poison: .replay)
                        let original = out[out.count - 1]
                        for _ in 0..<2 {
                            // A replay resubmits the original's content (display order, duration, meta) under a new
                            // rating id and time. The draws a fresh rating would make are still taken, so every other
                            // rating of the stream stays byte-identical to earlier versions.
                            let replayTime = time + Int64(300_000 + rng.unit() * 3_300_000)
                            _ = shuffled()
                            _ = rng.unit()
                            var copy = original
                            copy.time = replayTime
                            if let at = copy.rating.firstIndex(where: { $0.key == "submitted_at" }) {
                                copy.rating[at].value = .string(Timestamp(millisecondsSinceEpoch: replayTime).description)
                            }
                            out.append(copy)
                        }
                        remaining[kind]! -= 3
                    }
                default:
                    let choice = kind == .entity ? entitySide! : kind == .length ? (item.texts[0].count > item.texts[1].count ? 0 : 1) : worse
                    for _ in 0..<min(firings, 3) {
                        guard remaining[kind]! > 0 else { break }
                        guard let annotator = enlist(kind, excluding: used) else { break }
                        pairwise(annotator, choice: choice, time: randomTime(), poison: kind)
                        remaining[kind]! -= 1
                    }
                }
            }
            for index in sybilGroups.indices where sybilGroups[index].start <= item.index && sybilGroups[index].left > 0 && gap >= 0.15 {
                let start = item.baseTime
                for member in sybilGroups[index].members {
                    pairwise(member, choice: worse, time: start + Int64(rng.unit() * 120_000), poison: .sybil)
                }
                sybilGroups[index].left -= 1
                remaining[.sybil]! -= sybilGroups[index].members.count
            }
            // Cover work: honest-looking ratings by adversaries who also attack (about 25 each over the stream).
            let coverPerItem = config.pairwiseItems > 0 ? Double(cover.count * 25) / Double(config.pairwiseItems) : 0
            var coverCount = Int(coverPerItem)
            if rng.unit() < coverPerItem - Double(coverCount) { coverCount += 1 }
            for _ in 0..<coverCount {
                guard let annotator = pick(cover) else { break }
                let correct = rng.unit() < 0.5 + 0.35 * min(1, 4 * gap)
                pairwise(annotator, choice: correct ? better : worse, time: randomTime(), poison: nil)
            }
        }

        // Spammers and position-biased annotators work on every kind of item.
        let allItems = Double(config.pairwiseItems + config.rankingItems + config.scoreItems)
        for kind in [AttackKind.spam, .position] where remaining[kind] != nil {
            guard kind == .spam || item.kind != .ranking else { continue }
            let items = kind == .spam ? allItems : Double(config.pairwiseItems + config.scoreItems)
            let wanted = Double(config.attacks[kind]! * Double(config.totalRatings)) / items
            var count = Int(wanted)
            if rng.unit() < wanted - Double(count) { count += 1 }
            for _ in 0..<count {
                guard let annotator = pick(pools[kind]!) else { break }
                let shown = shuffled()
                var rating = members(annotator, shown: shown)
                switch item.kind {
                case .pairwise:
                    rating.append(("choice", .string(kind == .position ? shown[0] : item.responseIDs[rng.below(2)])))
                case .ranking:
                    rating.append(("ranking", .array(shuffled().map(JSONValue.string))))
                case .score:
                    rating.append(("scores", .object(item.responseIDs.map { ($0, .number(kind == .position ? 4 : Double(1 + rng.below(7)))) })))
                    rating.append(("scale", .array([.number(1), .number(7)])))
                    rating.append(("attribute", .string("helpfulness")))
                }
                let time = randomTime()
                finish(&rating, time: time, speed: kind == .spam ? 8 : 1)
                out.append(Planted(time: time, rating: rating, annotator: annotator, poison: kind))
                used.insert(annotator)
                remaining[kind]! -= 1
            }
        }
        if goldAware != nil {
            out += goldAware!.plant(item, used: &used)
            remaining[.goldAware] = goldAware!.remaining
        }
        return out
    }
}
