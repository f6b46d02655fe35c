/// The recurring-responses regime: prompts with `size` responses each (a latent quality per response), whose
/// pairwise items are the pairs among them in a random order — 4 responses give 6 items — as in multi-response
/// prompts, arena-style comparisons and comparative judgement. The same response keeps the same text in every item
/// it appears in (same text, same digest), every response text is unique within the run, and an item's truth is
/// the response of higher quality, so the truth is transitive across items.
struct ResponsePool {
    /// One pairwise item drawn from the pool.
    struct Pair {
        let prompt: String
        /// The two responses, canonical order first.
        let texts: [String]
        let qualities: [Double]
        /// Index of the prompt (0, 1, …) and of the two responses within it.
        let group: Int
        let responses: [Int]
    }

    private let size: Int
    private var rng: SeededGenerator
    private var group = -1
    private var prompt = ""
    private var qualities: [Double] = []
    private var texts: [String] = []
    private var pending: [(Int, Int)] = []
    private var used: Set<String> = []

    init(size: Int, seed: UInt64) {
        self.size = max(2, size)
        rng = SeededGenerator(seed: seed ^ 0x9E5F_0A11_0000_0001)
    }

    /// Closing sentences that make a response text unique when the template gave one already used.
    private static let closers = [
        "Hope this helps.", "Good luck with it.", "Let me know how it goes.", "That is the short version.", "Happy to go deeper.",
        "Those are the basics.", "Start small and build from there.", "Try it and see.",
    ]

    /// The next pairwise item: the next pair of the current prompt, or the first pair of a new prompt.
    mutating func next() -> Pair {
        if pending.isEmpty { newPrompt() }
        let (first, second) = pending.removeFirst()
        return Pair(
            prompt: prompt, texts: [texts[first], texts[second]], qualities: [qualities[first], qualities[second]], group: group,
            responses: [first, second])
    }

    private mutating func newPrompt() {
        group += 1
        let topic = rng.below(TextBank.topics.count)
        prompt = TextBank.prompt(topic: topic, variant: rng.below(5))
        qualities = (0..<size).map { _ in rng.unit() }
        texts = qualities.map { quality in
            let base = TextBank.response(topic: topic, quality: quality, rng: &rng)
            var text = base
            var attempt = 0
            while used.contains(text) {
                attempt += 1
                let closer = Self.closers[(attempt - 1) % Self.closers.count]
                text = attempt <= Self.closers.count ? "\(base) \(closer)" : "\(base) \(closer) (\(attempt / Self.closers.count))"
            }
            used.insert(text)
            return text
        }
        var pairs: [(Int, Int)] = []
        for first in 0..<size {
            for second in (first + 1)..<size { pairs.append(rng.below(2) == 0 ? (first, second) : (second, first)) }
        }
        pairs.shuffle(using: &rng)
        pending = pairs
    }
}
