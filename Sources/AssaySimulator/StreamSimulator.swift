import AssayModel

/// Generates contract-v1 ratings shaped like a platform's stream (``StreamSimulation``): items interleaved in
/// submission time, texts on an item's first rating only, realistic text lengths, mostly pairwise.
///
/// The annotator model is ``RatingSimulator``'s (skill, tie below a quality gap of 0.05, noisy rankings, biased
/// scores). Every item and every rating draws from its own seeded generator, so an item's texts can be rebuilt when
/// its first rating comes out of the time-ordered queue; memory holds 16 bytes per rating in flight (about
/// `ratingsPerItem × spreadSeconds / secondsBetweenItems`) and one bit per item, whatever the total.
public struct StreamSimulator: Sendable {
    public let config: StreamSimulation

    public init(config: StreamSimulation) {
        self.config = config
    }

    /// One item as its seed describes it.
    private struct Item {
        let kind: RatingKind
        let qualities: [Double]
        let lengths: [Int]
        let isGold: Bool
        let topic: Int
        let variant: Int
        let context: Int
        let annotators: [Int]
        let times: [Int64]
    }

    /// Streams every rating, in submission-time order, as one JSON Lines line (with its trailing newline) to `emit`.
    public func generate(_ emit: ([UInt8]) throws -> Void) rethrows {
        var rng = SeededGenerator(seed: config.seed)
        let annotators = (0..<max(1, config.annotators)).map { index in
            SimulatedAnnotator.draw(index: index, skillLow: 0.65, skillSpan: 0.3, rng: &rng)
        }
        var pending = PendingRatings()
        var introduced = [UInt64](repeating: 0, count: (config.items + 63) / 64)
        var number = 0
        var line: [UInt8] = []
        func write(_ entry: PendingRatings.Entry) throws {
            number += 1
            let index = Int(entry.item)
            let first = introduced[index / 64] & (1 << UInt64(index % 64)) == 0
            introduced[index / 64] |= 1 << UInt64(index % 64)
            line.removeAll(keepingCapacity: true)
            JSONWriter.append(
                .object(rating(number: number, item: index, annotator: annotators[Int(entry.annotator)], time: entry.time, texts: first)),
                to: &line)
            line.append(UInt8(ascii: "\n"))
            try emit(line)
        }
        for index in 0..<config.items {
            let opens = openingTime(index)
            while let next = pending.first, next.time < opens { try write(pending.pop()!) }
            let item = describe(index, annotators: annotators.count)
            for (annotator, time) in zip(item.annotators, item.times) {
                pending.push(PendingRatings.Entry(time: time, item: UInt32(index), annotator: UInt32(annotator)))
            }
        }
        while let next = pending.pop() { try write(next) }
    }

    private func openingTime(_ index: Int) -> Int64 {
        config.start.millisecondsSinceEpoch + Int64(Double(index) * config.secondsBetweenItems * 1000)
    }

    private func itemSeed(_ index: Int) -> UInt64 { config.seed &+ (UInt64(index) &+ 1) &* 0x9E37_79B9_7F4A_7C15 }

    private func itemID(_ index: Int) -> String { "\(config.itemIDPrefix)-\(String(format3: index + 1))" }

    private func describe(_ index: Int, annotators count: Int) -> Item {
        var rng = SeededGenerator(seed: itemSeed(index))
        let draw = rng.unit()
        let kind: RatingKind = draw < config.pairwiseShare ? .pairwise : draw < (1 + config.pairwiseShare) / 2 ? .ranking : .score
        let responses: Int
        switch kind {
        case .pairwise: responses = 2
        case .ranking: responses = 3 + rng.below(2)
        case .score: responses = 1 + rng.below(2)
        }
        let qualities = (0..<responses).map { _ in rng.unit() }
        let lengths = (0..<responses).map { _ in 200 + rng.below(321) }
        let isGold = rng.unit() < config.goldFraction
        let topic = rng.below(TextBank.topics.count)
        let variant = rng.below(TextBank.openers.count)
        let context = rng.below(TextBank.contexts.count)
        var chosen: [Int] = []
        while chosen.count < min(config.ratingsPerItem, count) {
            let candidate = rng.below(count)
            if !chosen.contains(candidate) { chosen.append(candidate) }
        }
        let opens = openingTime(index)
        // The first rating comes within ten minutes of the item opening; the others anywhere in the spread.
        let times = chosen.indices.map { position in
            opens + Int64(rng.unit() * (position == 0 ? 600_000 : config.spreadSeconds * 1000))
        }
        return Item(
            kind: kind, qualities: qualities, lengths: lengths, isGold: isGold, topic: topic, variant: variant, context: context,
            annotators: chosen, times: times)
    }

    private func rating(number: Int, item index: Int, annotator: SimulatedAnnotator, time: Int64, texts: Bool) -> [(key: String, value: JSONValue)] {
        let item = describe(index, annotators: max(1, config.annotators))
        let responseIDs = ["a", "b", "c", "d"].prefix(item.qualities.count).map { $0 }
        var members: [(key: String, value: JSONValue)] = [
            ("rating_id", .string("\(config.ratingIDPrefix)-\(String(format3: number))")), ("annotator_id", .string(annotator.id)),
            ("item_id", .string(itemID(index))), ("kind", .string(item.kind.rawValue)),
        ]
        if texts {
            var textRNG = SeededGenerator(seed: itemSeed(index) ^ 0x5BD1_E995_5BD1_E995)
            members.append(
                ("prompt", .string(TextBank.streamPrompt(topic: item.topic, variant: item.variant, context: item.context, reference: itemID(index)))))
            let bodies = zip(item.qualities, item.lengths).map {
                TextBank.streamResponse(topic: item.topic, quality: $0, length: $1, rng: &textRNG)
            }
            members.append(("responses", .array(zip(responseIDs, bodies).map { .object([("id", .string($0)), ("text", .string($1))]) })))
        }
        var rng = SeededGenerator(seed: itemSeed(index) ^ (UInt64(time) &* 0xD1B5_4A32_D192_ED03))
        var shown = responseIDs
        if shown.count > 1 { shown.shuffle(using: &rng) }
        members.append(("shown_order", .array(shown.map(JSONValue.string))))
        let qualities = item.qualities
        switch item.kind {
        case .pairwise:
            let better = qualities[0] >= qualities[1] ? 0 : 1
            let gap = abs(qualities[0] - qualities[1])
            let choice: String
            if let correct = TieModel(rate: nil).judge(skill: annotator.skill, gap: gap, rng: &rng) {
                choice = responseIDs[correct ? better : 1 - better]
            } else {
                choice = "tie"
            }
            members.append(("choice", .string(choice)))
            if rng.unit() < 0.5 { members.append(("strength", .number((min(1, gap * 2) * 100).rounded() / 100))) }
            if item.isGold { members.append(("gold", .string(responseIDs[better]))) }
        case .ranking:
            let noisy = qualities.map { $0 + rng.normal() * (1 - annotator.skill) / 2 }
            members.append(("ranking", .array(noisy.indices.sorted { noisy[$0] > noisy[$1] }.map { .string(responseIDs[$0]) })))
            if item.isGold {
                members.append(("gold", .array(qualities.indices.sorted { qualities[$0] > qualities[$1] }.map { .string(responseIDs[$0]) })))
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
        let reading = Double(100 + item.lengths.reduce(0, +))
        let seconds = (2 + reading / 40) / annotator.speed * (0.7 + rng.unit() * 0.6)
        members.append(("submitted_at", .string(Timestamp(millisecondsSinceEpoch: time).description)))
        members.append(("duration_ms", .number((seconds * 1000).rounded())))
        members.append(("meta", .object([("batch", .string("stream-\(config.seed)")), ("task_template", .string("\(item.kind.rawValue)-v1"))])))
        return members
    }
}
