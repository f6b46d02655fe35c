/// One simulated honest annotator: how often they prefer the better response, how they score, how fast they work.
/// Shared by the batch simulator (`RatingSimulator`) and the stream profile (`StreamSimulator`).
struct SimulatedAnnotator {
    let id: String
    /// Probability of preferring the truly better response (before ties).
    var skill: Double
    /// Additive score bias.
    let bias: Double
    /// Score noise (standard deviation).
    let noise: Double
    /// Working-speed factor on task durations.
    let speed: Double

    /// The `index`-th annotator (`ann-001`, …), drawn from `rng` in a fixed order (skill uniform in
    /// `[skillLow, skillLow + skillSpan)`, bias, noise, speed).
    static func draw(index: Int, skillLow: Double, skillSpan: Double, rng: inout SeededGenerator) -> SimulatedAnnotator {
        SimulatedAnnotator(
            id: "ann-\(String(format3: index + 1))", skill: skillLow + rng.unit() * skillSpan,
            bias: rng.normal() * 0.4, noise: 0.4 + rng.unit() * 0.6, speed: 0.6 + rng.unit() * 0.9)
    }
}
