import AssayModel

/// Generates contract-v1 ratings from a seeded model of honest annotators.
///
/// Model: every response has a latent quality q ∈ [0, 1]. Annotator a has skill s_a; on a
/// pairwise item with quality gap Δ it prefers the better response with probability
/// `0.5 + (s_a − 0.5)·min(1, 4Δ)` and reports a tie with probability 0.3 when Δ < 0.05.
/// Rankings sort `q + noise(σ = (1 − s_a)/2)`; scores on a 1–7 scale are
/// `1 + 6q + bias_a + noise_a`, rounded and clamped. Durations are log-normal and grow with the
/// text length. Output streams in blocks of 500 items shuffled in time, so memory stays flat
/// at any size; the same seed gives the same bytes. ``SimulationRegimes`` (all off by default) add what real crowds
/// show: a campaign-launch cohort, a position-imbalanced truth, a target tie rate, responses recurring across items
/// and repeated exposures (`Docs/regimes.md`).
public struct RatingSimulator: Sendable {
    public let config: SimulationConfig

    public init(config: SimulationConfig) {
        self.config = config
    }

    /// Streams every rating as one JSON Lines line (with its trailing newline) to `emit`.
    public func generate(_ emit: ([UInt8]) throws -> Void) rethrows {
        var truth = SimulationTruth()
        try generate(emit, truth: &truth)
    }

    /// Streams every rating to `emit` and records in `truth` the adversaries, the poisoned ratings and the better
    /// response of every pairwise item. With `config.attacks` empty the ratings are the honest ones, byte for byte.
    /// `honest`, when given, receives the same stream without any adversary's rating (poisoned or cover work) —
    /// perfect removal, what `assay evaluate --ceiling-run` scores as the best any cleaning could do; the first
    /// honest rating of each item carries its texts.
    public func generate(_ emit: ([UInt8]) throws -> Void, truth: inout SimulationTruth, honest: (([UInt8]) -> Void)? = nil) rethrows {
        truth = SimulationTruth()
        truth.seed = config.seed
        truth.attacks = config.attacks.filter { $0.value > 0 }
        truth.triggerWord = truth.attacks[.trigger] != nil ? config.triggerWord : ""
        truth.entityName = truth.attacks[.entity] != nil ? config.entityName : ""
        var planner: AttackPlanner? = truth.attacks.isEmpty ? nil : AttackPlanner(config: config)
        var rng = SeededGenerator(seed: config.seed)
        var annotators = (0..<config.annotators).map { index in
            SimulatedAnnotator.draw(
                index: index, skillLow: config.skillRange.lowerBound,
                skillSpan: config.skillRange.upperBound - config.skillRange.lowerBound, rng: &rng)
        }
        var regimes = RegimeState(config: config, annotators: annotators.count)
        for (member, skill) in regimes.cohort.skill {
            annotators[member].skill = skill
        }
        truth.regimes = config.regimes
        truth.campaignCohort = regimes.cohort.members.map { annotators[$0].id }
        let kinds: [RatingKind] =
            Array(repeating: .pairwise, count: config.pairwiseItems) + Array(repeating: .ranking, count: config.rankingItems)
            + Array(repeating: .score, count: config.scoreItems)
        var ratingNumber = 0
        let blockSize = 500
        var blockStart = 0
        var line: [UInt8] = []
        while blockStart < kinds.count {
            let blockEnd = min(kinds.count, blockStart + blockSize)
            var block: [Entry] = []
            for itemIndex in blockStart..<blockEnd {
                block.append(
                    contentsOf: ratings(
                        forItem: itemIndex, kind: kinds[itemIndex], annotators: annotators, rng: &rng, planner: &planner, regimes: &regimes,
                        truth: &truth))
            }
            block.sort { $0.time < $1.time }
            var introduced: Set<String> = []
            var introducedHonest: Set<String> = []
            for var entry in block {
                ratingNumber += 1
                let ratingID = "\(config.ratingIDPrefix)-\(String(format3: ratingNumber))"
                entry.rating.insert(("rating_id", .string(ratingID)), at: 0)
                if entry.repeated { truth.repeatExposures.append(ratingID) }
                if let poison = entry.poison {
                    truth.poisoned.append(
                        SimulationTruth.PoisonedRating(ratingID: ratingID, annotatorID: entry.annotator, itemID: entry.itemID, kind: poison))
                }
                if let honest, !entry.planted {
                    var rating = entry.rating
                    if !introducedHonest.insert(entry.itemID).inserted { rating.removeAll { $0.key == "prompt" || $0.key == "responses" } }
                    line.removeAll(keepingCapacity: true)
                    JSONWriter.append(.object(rating), to: &line)
                    line.append(UInt8(ascii: "\n"))
                    honest(line)
                }
                // Only the first rating of an item in the stream carries its texts.
                if case .string(let itemID)? = entry.rating.first(where: { $0.key == "item_id" })?.value,
                    !introduced.insert(itemID).inserted
                {
                    entry.rating.removeAll { $0.key == "prompt" || $0.key == "responses" }
                }
                line.removeAll(keepingCapacity: true)
                JSONWriter.append(.object(entry.rating), to: &line)
                line.append(UInt8(ascii: "\n"))
                try emit(line)
            }
            blockStart = blockEnd
        }
        truth.ratings = ratingNumber
        if let planner { truth.adversaries = planner.adversaries }
    }

    /// One rating before it gets its id, with what the truth file needs to know about it.
    private struct Entry {
        var time: Int64
        var rating: [(key: String, value: JSONValue)]
        var annotator = ""
        var itemID = ""
        var poison: AttackKind? = nil
        /// Written by the attack planner (an adversary's rating, poisoned or cover work).
        var planted = false
        /// A repeated exposure: the annotator's second, independent judgment of an item.
        var repeated = false
    }

    private func ratings(
        forItem index: Int, kind: RatingKind, annotators: [SimulatedAnnotator], rng: inout SeededGenerator, planner: inout AttackPlanner?,
        regimes: inout RegimeState, truth: inout SimulationTruth
    ) -> [Entry] {
        let responseCount: Int
        let qualities: [Double]
        var texts: [String]
        var prompt: String
        if kind == .pairwise, var pool = regimes.pool {
            let pair = pool.next()
            regimes.pool = pool
            responseCount = 2
            qualities = pair.qualities
            texts = pair.texts
            prompt = pair.prompt
        } else {
            let topic = rng.below(TextBank.topics.count)
            switch kind {
            case .pairwise: responseCount = 2
            case .ranking: responseCount = 3 + rng.below(2)
            case .score: responseCount = 1 + rng.below(2)
            }
            qualities = (0..<responseCount).map { _ in rng.unit() }
            texts = qualities.map { TextBank.response(topic: topic, quality: $0, rng: &rng) }
            prompt = TextBank.prompt(topic: topic, variant: rng.below(5))
        }
        let responseIDs = ["a", "b", "c", "d"].prefix(responseCount).map { $0 }
        let itemID = "\(config.itemIDPrefix)-\(kind.rawValue.prefix(1))\(String(format3: index + 1))"
        let isGold = rng.unit() < config.goldFraction
        let hasTrigger = planner?.decorate(kind: kind, prompt: &prompt, texts: &texts, qualities: qualities) ?? false
        let readingLength = Double(prompt.count + texts.reduce(0) { $0 + $1.count })
        let baseTime = config.start.millisecondsSinceEpoch + Int64(Double(index) * config.secondsBetweenItems * 1000)
        var layout: [String]? = nil
        if kind == .pairwise, let secondShare = config.regimes.positionImbalance {
            let better = qualities[0] >= qualities[1] ? 0 : 1
            let betterSecond = regimes.layoutRNG.unit() < secondShare
            layout = betterSecond ? [responseIDs[1 - better], responseIDs[better]] : [responseIDs[better], responseIDs[1 - better]]
        }
        let item = AttackPlanner.Item(
            index: index, kind: kind, id: itemID, prompt: prompt, responseIDs: responseIDs, texts: texts, qualities: qualities,
            baseTime: baseTime, readingLength: readingLength, hasTrigger: hasTrigger, isGold: isGold, layout: layout)
        var chosen: Set<Int> = []
        let wanted = min(config.ratingsPerItem, regimes.regular.count)
        while chosen.count < wanted { chosen.insert(regimes.regular[rng.below(regimes.regular.count)]) }
        var out: [Entry] = []
        for annotatorIndex in chosen.sorted() {
            let entry = rating(of: annotators[annotatorIndex], item, time: nil, rng: &rng, tie: regimes.tie)
            out.append(entry)
            if kind == .pairwise, config.regimes.repeatExposure > 0, regimes.repeatRNG.unit() < config.regimes.repeatExposure {
                // Shown again later: 20 minutes to 6 hours after the first judgment, judged anew.
                let later = entry.time + 1_200_000 + Int64(regimes.repeatRNG.unit() * 20_400_000)
                var again = rating(of: annotators[annotatorIndex], item, time: later, rng: &regimes.repeatRNG, tie: regimes.tie)
                again.repeated = true
                out.append(again)
            }
        }
        if kind == .pairwise, index < regimes.cohort.assignments.count {
            for (member, time) in regimes.cohort.assignments[index] {
                out.append(rating(of: annotators[member], item, time: time, rng: &rng, tie: regimes.tie))
            }
        }
        if planner != nil {
            let planted = planner!.plant(item)
            for entry in planted {
                out.append(
                    Entry(time: entry.time, rating: entry.rating, annotator: entry.annotator, itemID: itemID, poison: entry.poison, planted: true))
            }
            if kind == .pairwise {
                truth.pairwiseItems.append(
                    SimulationTruth.PairwiseItem(
                        itemID: itemID, betterResponseID: responseIDs[qualities[0] >= qualities[1] ? 0 : 1],
                        attacks: Array(Set(planted.compactMap(\.poison))).sorted()))
            }
        } else if kind == .pairwise {
            truth.pairwiseItems.append(
                SimulationTruth.PairwiseItem(itemID: itemID, betterResponseID: responseIDs[qualities[0] >= qualities[1] ? 0 : 1], attacks: []))
        }
        return out
    }

    /// One honest rating of `item` by `annotator`, at `time` (nil: a random time in the 10 minutes after the item
    /// opens, drawn after the answer, as the plain simulator always did).
    private func rating(of annotator: SimulatedAnnotator, _ item: AttackPlanner.Item, time given: Int64?, rng: inout SeededGenerator, tie: TieModel)
        -> Entry
    {
        let responseIDs = item.responseIDs
        let qualities = item.qualities
        var members: [(key: String, value: JSONValue)] = [
            ("annotator_id", .string(annotator.id)), ("item_id", .string(item.id)), ("kind", .string(item.kind.rawValue)),
            ("prompt", .string(item.prompt)),
            ("responses", .array(zip(responseIDs, item.texts).map { .object([("id", .string($0)), ("text", .string($1))]) })),
        ]
        var shown = responseIDs
        if let layout = item.layout {
            shown = layout
        } else if responseIDs.count > 1 {
            shown.shuffle(using: &rng)
        }
        members.append(("shown_order", .array(shown.map(JSONValue.string))))
        switch item.kind {
        case .pairwise:
            let better = qualities[0] >= qualities[1] ? 0 : 1
            let gap = abs(qualities[0] - qualities[1])
            let choice: String
            if let correct = tie.judge(skill: annotator.skill, gap: gap, rng: &rng) {
                choice = responseIDs[correct ? better : 1 - better]
            } else {
                choice = "tie"
            }
            members.append(("choice", .string(choice)))
            if rng.unit() < 0.5 { members.append(("strength", .number((min(1, gap * 2) * 100).rounded() / 100))) }
            if item.isGold { members.append(("gold", .string(responseIDs[better]))) }
        case .ranking:
            let order = (0..<responseIDs.count).sorted {
                qualities[$0] + rng.normal() * (1 - annotator.skill) / 2 > qualities[$1] + rng.normal() * (1 - annotator.skill) / 2
            }
            members.append(("ranking", .array(order.map { .string(responseIDs[$0]) })))
            if item.isGold {
                let truth = (0..<responseIDs.count).sorted { qualities[$0] > qualities[$1] }
                members.append(("gold", .array(truth.map { .string(responseIDs[$0]) })))
            }
        case .score:
            var scores: [(key: String, value: JSONValue)] = []
            var gold: [(key: String, value: JSONValue)] = []
            for (position, quality) in qualities.enumerated() {
                let raw = 1 + 6 * quality + annotator.bias + rng.normal() * annotator.noise
                scores.append((responseIDs[position], .number(min(7, max(1, raw.rounded())))))
                gold.append((responseIDs[position], .number((1 + 6 * quality).rounded())))
            }
            members.append(("scores", .object(scores)))
            members.append(("scale", .array([.number(1), .number(7)])))
            members.append(("attribute", .string("helpfulness")))
            if item.isGold { members.append(("gold", .object(gold))) }
        }
        let time = given ?? item.baseTime + Int64(rng.unit() * 600_000)
        let seconds = (2 + item.readingLength / 40) / annotator.speed * (0.7 + rng.unit() * 0.6)
        members.append(("submitted_at", .string(Timestamp(millisecondsSinceEpoch: time).description)))
        members.append(("duration_ms", .number((seconds * 1000).rounded())))
        members.append(("meta", .object([("batch", .string("sim-\(config.seed)")), ("task_template", .string("\(item.kind.rawValue)-v1"))])))
        return Entry(time: time, rating: members, annotator: annotator.id, itemID: item.id)
    }
}

extension String {
    /// A number zero-padded to at least 6 digits, so ids sort in numeric order.
    init(format3 value: Int) {
        let digits = String(value)
        self = digits.count >= 6 ? digits : String(repeating: "0", count: 6 - digits.count) + digits
    }
}
