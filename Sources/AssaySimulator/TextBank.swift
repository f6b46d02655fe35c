/// Prompts and candidate responses of varying quality, built from templates so that texts
/// look like assistant conversations and their lengths vary the way real responses do.
struct TextBank {
    static let topics = [
        "reset a home router", "bake sourdough bread", "file a tax extension", "sort a list in Python",
        "train for a first marathon", "repot a houseplant", "write a cover letter", "back up a laptop",
        "negotiate a salary offer", "clean a cast-iron pan", "set up two-factor authentication",
        "learn basic Spanish", "fix a leaking tap", "plan a week of vegetarian meals", "read a nutrition label",
        "choose a used car", "explain compound interest", "remove a wine stain", "start a vegetable garden",
        "prepare for a job interview", "speed up a slow website", "write a unit test", "calm a nervous dog",
        "improve sleep quality", "budget for a holiday", "change a bicycle tyre", "study for an exam",
        "merge two git branches", "make cold brew coffee", "reduce home energy use",
    ]
    static let openers = ["How do I", "What is the best way to", "Can you explain how to", "Give me tips to", "Walk me through how to"]
    static let steps = [
        "Start by gathering what you need and checking the basics.", "Work through it one step at a time.",
        "Check the result before moving on.", "If something looks wrong, undo the last change and retry.",
        "Keep notes so you can repeat what worked.", "Ask for help early if you get stuck.",
        "Take safety precautions where they apply.", "Compare a couple of options before committing.",
        "Set a realistic schedule and stick to it.", "Review the outcome after a few days and adjust.",
    ]
    static let weak = [
        "Just search online.", "It depends.", "I am not sure, maybe try something.", "That is hard to say.",
        "You could ask someone else.", "Do whatever feels right.",
    ]

    /// A prompt for a topic index.
    static func prompt(topic: Int, variant: Int) -> String {
        "\(openers[variant % openers.count]) \(topics[topic % topics.count])?"
    }

    /// A response whose helpfulness grows with `quality` in [0, 1].
    static func response(topic: Int, quality: Double, rng: inout SeededGenerator) -> String {
        if quality < 0.25 { return weak[rng.below(weak.count)] }
        let name = topics[topic % topics.count]
        let count = 1 + Int(quality * 5) + rng.below(2)
        var parts = ["To \(name), here is what I suggest."]
        for index in 0..<count { parts.append("\(index + 1). \(steps[(topic + index * 3 + rng.below(3)) % steps.count])") }
        if quality > 0.7 { parts.append("This usually works within a day or two; tell me if you want more detail.") }
        return parts.joined(separator: " ")
    }
}
