import AssayPluginAPI

#if canImport(Glibc)
    import Glibc
#endif

/// `speed`: annotators whose typical time per task is far below the population's.
///
/// For each annotator with at least `min_ratings` ratings that report `duration_ms`, take the median of
/// log(duration). Across annotators, centre on the median of those values and scale by the median absolute
/// deviation (×1.4826, a robust σ; Iglewicz & Hoaglin 1993, "How to Detect and Handle Outliers"). An annotator
/// whose robust z-score is at or below −`z_threshold` is flagged. The strength is the one-sided normal tail
/// p = Φ(z) — calibrated only as far as log-durations are roughly normal across honest annotators.
///
/// Check by hand: 20 annotators with medians near 10 s and one near 0.8 s → only the latter, z ≈ −(log 10 − log 0.8)/σ.
public struct SpeedRule: AssayRule {
    public let id = "speed"
    public let version = "1.0.0"
    public let summary = "Flags annotators whose median time per task is far below the population's (robust z-score on log durations)."
    public let parameters: [ParameterSpec] = [
        .double("z_threshold", default: 3.5, "Flag annotators whose robust z-score of median log-duration is at or below minus this value."),
        .int("min_ratings", default: 10, "Only annotators with at least this many timed ratings are scored."),
        .int("min_annotators", default: 5, "Below this many scored annotators the population is too small and nothing is flagged."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let threshold = try input.parameters.double("z_threshold")
        let minRatings = try input.parameters.int("min_ratings")
        let minAnnotators = try input.parameters.int("min_annotators")
        guard threshold > 0 else { throw RuleError("z_threshold must be positive, got \(threshold)") }
        let snapshot = input.snapshot
        let durations = snapshot.ratings.durationMs

        var scored: [(annotator: Int, logMedian: Double, medianMs: Double, count: Int)] = []
        for annotator in 0 ..< snapshot.annotators.count {
            var logs: [Double] = []
            for row in snapshot.ratingRows(ofAnnotator: annotator) {
                let duration = durations[Int(row)]
                if duration >= 0 { logs.append(log(Double(max(duration, 1)))) }
            }
            guard logs.count >= max(minRatings, 1) else { continue }
            let logMedian = RuleMath.median(logs)
            scored.append((annotator, logMedian, exp(logMedian), logs.count))
        }
        guard scored.count >= minAnnotators else { return [] }
        let center = RuleMath.median(scored.map(\.logMedian))
        let sigma = RuleMath.scaledMAD(scored.map(\.logMedian), median: center)
        guard sigma > 0 else { return [] }
        let populationMs = exp(center)

        var findings: [Finding] = []
        for entry in scored {
            let z = (entry.logMedian - center) / sigma
            guard z <= -threshold else { continue }
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)),
                    score: -z,
                    strength: .pValue(RuleMath.normalCDF(z)),
                    action: .flagForReview,
                    summary: "Median time per task \(Self.seconds(entry.medianMs)) against \(Self.seconds(populationMs)) for the population (robust z = \(Self.round(z))).",
                    evidence: [
                        .number("median_duration_ms", entry.medianMs),
                        .number("population_median_duration_ms", populationMs),
                        .number("robust_z", z),
                        .number("timed_ratings", Double(entry.count)),
                        .number("scored_annotators", Double(scored.count)),
                    ]
                )
            )
        }
        return findings
    }

    private static func round(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }

    private static func seconds(_ milliseconds: Double) -> String {
        "\(round(milliseconds / 1000)) s"
    }
}
