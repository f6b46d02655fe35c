/// Texts of the lengths a platform's stream carries: prompts of about 100 bytes, responses of 200–600 bytes, nearly all
/// distinct (a reference and a random choice of steps), so the store holds one text per response as it would in use.
extension TextBank {
    static let contexts = [
        "I only have basic tools and about an hour this evening.", "I tried once before and it did not go well at all.",
        "Please keep it short, I am reading this on my phone.", "I am a complete beginner, so explain any jargon you use.",
        "Money is tight this month, so cheap options are best.", "I need it done before the weekend, ideally by Friday.",
        "My partner and I disagree on the right approach here.", "Assume I have already read the official instructions.",
    ]

    /// A prompt of about 100 bytes, unique to `reference`.
    static func streamPrompt(topic: Int, variant: Int, context: Int, reference: String) -> String {
        "\(openers[variant % openers.count]) \(topics[topic % topics.count])? \(contexts[context % contexts.count]) (\(reference))"
    }

    /// A response of at least `length` bytes (and fewer than `length` + 100), more helpful as `quality` grows in [0, 1].
    static func streamResponse(topic: Int, quality: Double, length: Int, rng: inout SeededGenerator) -> String {
        let name = topics[topic % topics.count]
        var text = quality < 0.25 ? "\(weak[rng.below(weak.count)]) Maybe this helps with how to \(name)." : "To \(name), here is what I suggest."
        var step = 0
        while text.utf8.count < length {
            step += 1
            text += " \(step). \(steps[rng.below(steps.count)])"
        }
        if quality > 0.7 { text += " Tell me if you want more detail." }
        return text
    }
}
