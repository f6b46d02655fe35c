import AssayPluginAPI

#if canImport(Glibc)
    import Glibc
#endif

/// `speed`: annotators whose typical time per task is far below the population's, given how much text they read.
///
/// Reading time grows with the text read, so with `length_adjust` (default) each timed rating's log-duration is
/// first compared with what the population spends on that much text: an ordinary least-squares line
/// log(duration) = β₀ + β₁·log(characters of prompt + responses) is fitted over every timed rating, and the
/// residual is what remains. For each annotator with at least `min_ratings` timed ratings, take the median of
/// those residuals (without `length_adjust`: of the raw log-durations). Across annotators, centre on the median of
/// those values and scale by the median absolute deviation (×1.4826, a robust σ; Iglewicz & Hoaglin 1993, "How to
/// Detect and Handle Outliers"). Both are **weighted by each annotator's number of timed ratings** (version 1.2):
/// the reference is where the work is, so a crowd of fresh accounts with a few ratings each — a sybil burst, the
/// cover accounts of an attack — cannot become "the population" and make the fastest honest annotators look too
/// fast; with equal counts it is the plain median and MAD.
///
/// A median and MAD resist a minority of outliers, not a homogeneous majority: when accounts that all work at one
/// pace carry half the timed work (the simulator's attackers at 10% of every kind), the MAD shrinks to that crowd's
/// spread and the fastest honest annotators reach z ≈ −4. With `slow_side_check` (version 1.3, default) the
/// annotator must also be too fast against a reference read from the **slow side** of the population, which fast
/// work cannot reach: σ from the weighted 75th and 90th percentiles, σ = (q₉₀ − q₇₅) / (z₀.₉₀ − z₀.₇₅), and
/// μ = q₇₅ − z₀.₇₅·σ — the normal quantile fit to the upper half, consistent for a normal population and untouched by
/// any contamination on the fast side below the 75th percentile of work. Both z-scores must be at or below
/// −`z_threshold` (intersection–union: the decision statistic is the less extreme z). Where the slow side has no
/// spread (q₉₀ = q₇₅) it cannot judge and the median/MAD z decides alone. The strength is the one-sided normal tail
/// p = Φ(z) — calibrated only as far as log-durations are roughly normal across honest annotators.
///
/// An annotator who only rates short items is therefore not mistaken for a fast one, and one who skims long
/// texts in the time others spend on short ones is.
///
/// Check by hand: 20 annotators with medians near 10 s and one near 0.8 s → only the latter, z ≈ −(log 10 − log 0.8)/σ.
public struct SpeedRule: AssayRule {
    public let id = "speed"
    public let version = "1.3.0"
    public let summary =
        "Flags annotators whose median time per task is far below the population's (robust z-score on log durations, adjusted for the length of the texts read)."
    public let parameters: [ParameterSpec] = [
        .double("z_threshold", default: 3.5, "Flag annotators whose robust z-score of median log-duration is at or below minus this value."),
        .int("min_ratings", default: 10, "Only annotators with at least this many timed ratings are scored."),
        .int("min_annotators", default: 5, "Below this many scored annotators the population is too small and nothing is flagged."),
        .bool(
            "length_adjust", default: true,
            "Compare durations with the population's time for the same amount of text (log-log regression on characters read)."),
        .bool(
            "slow_side_check", default: true,
            "Also require the annotator to be too fast against a reference fitted to the slow side of the population (75th and 90th percentiles), which fast work cannot shift."
        ),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let threshold = try input.parameters.double("z_threshold")
        let minRatings = try input.parameters.int("min_ratings")
        let minAnnotators = try input.parameters.int("min_annotators")
        guard threshold > 0 else { throw RuleError("z_threshold must be positive, got \(threshold)") }
        let lengthAdjust = try input.parameters.bool("length_adjust")
        let slowSideCheck = try input.parameters.bool("slow_side_check")
        let snapshot = input.snapshot
        let durations = snapshot.ratings.durationMs
        let characters = Self.charactersRead(snapshot)
        let fit = lengthAdjust ? Self.fitLogLog(durations: durations, characters: characters) : nil

        var scored: [(annotator: Int, logMedian: Double, medianMs: Double, count: Int, msPerKChar: Double)] = []
        for annotator in 0..<snapshot.annotators.count {
            var logs: [Double] = []
            var raw: [Double] = []
            var perKChar: [Double] = []
            for row in snapshot.ratingRows(ofAnnotator: annotator) {
                let duration = durations[Int(row)]
                guard duration >= 0 else { continue }
                let logDuration = log(Double(max(duration, 1)))
                raw.append(logDuration)
                perKChar.append(Double(duration) * 1000 / max(characters[Int(row)], 1))
                if let fit {
                    logs.append(logDuration - (fit.intercept + fit.slope * log(max(characters[Int(row)], 1))))
                } else {
                    logs.append(logDuration)
                }
            }
            guard logs.count >= max(minRatings, 1) else { continue }
            scored.append((annotator, RuleMath.median(logs), exp(RuleMath.median(raw)), logs.count, RuleMath.median(perKChar)))
        }
        guard scored.count >= minAnnotators else { return [] }
        let weights = scored.map { Double($0.count) }
        let center = Self.weightedMedian(scored.map(\.logMedian), weights: weights)
        let sigma = 1.4826 * Self.weightedMedian(scored.map { abs($0.logMedian - center) }, weights: weights)
        guard sigma > 0 else { return [] }
        // The slow-side reference: a normal fitted to the weighted 75th and 90th percentiles (nil without spread there).
        let slowSide: (mean: Double, sigma: Double)? = {
            guard slowSideCheck else { return nil }
            let q75 = Self.weightedQuantile(scored.map(\.logMedian), weights: weights, 0.75)
            let q90 = Self.weightedQuantile(scored.map(\.logMedian), weights: weights, 0.90)
            let spread = (q90 - q75) / (1.2815515655446004 - 0.6744897501960817)
            guard spread > 0, spread.isFinite else { return nil }
            return (q75 - 0.6744897501960817 * spread, spread)
        }()
        let populationMs = RuleMath.median(scored.map(\.medianMs))
        let populationPerKChar = RuleMath.median(scored.map(\.msPerKChar))

        var findings: [Finding] = []
        for entry in scored {
            let medianZ = (entry.logMedian - center) / sigma
            let slowZ = slowSide.map { (entry.logMedian - $0.mean) / $0.sigma }
            // The decision statistic: the less extreme of the two (both must be at or below −threshold).
            let z = max(medianZ, slowZ ?? -.infinity)
            guard z <= -threshold else { continue }
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)),
                    score: -z,
                    strength: .pValue(RuleMath.normalCDF(z)),
                    action: .flagForReview,
                    summary: fit == nil
                        ? "Median time per task \(Self.seconds(entry.medianMs)) against \(Self.seconds(populationMs)) for the population (robust z = \(Self.round(z)))."
                        : "Median time per task \(Self.seconds(entry.medianMs)) (\(Self.seconds(entry.msPerKChar)) per 1000 characters read) against \(Self.seconds(populationPerKChar)) per 1000 characters for the population (length-adjusted robust z = \(Self.round(z))).",
                    evidence: [
                        .number("median_duration_ms", entry.medianMs),
                        .number("population_median_duration_ms", populationMs),
                        .number("robust_z", z),
                        .number("median_mad_z", medianZ),
                        .number("slow_side_z", slowZ ?? .nan),
                        .number("median_ms_per_1000_chars", entry.msPerKChar),
                        .number("population_median_ms_per_1000_chars", populationPerKChar),
                        .number("timed_ratings", Double(entry.count)),
                        .number("scored_annotators", Double(scored.count)),
                    ]
                )
            )
        }
        return findings
    }

    /// The weighted median: the value where the cumulative weight of the sorted values first reaches half the total
    /// (the mean of the two values around an exact half, so equal weights give the ordinary median).
    public static func weightedMedian(_ values: [Double], weights: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let order = values.indices.sorted { values[$0] < values[$1] }
        let half = weights.reduce(0, +) / 2
        var cumulative = 0.0
        for (position, index) in order.enumerated() {
            cumulative += weights[index]
            if abs(cumulative - half) <= 1e-9 * max(half, 1), position + 1 < order.count {
                return (values[index] + values[order[position + 1]]) / 2
            }
            if cumulative > half { return values[index] }
        }
        return values[order[order.count - 1]]
    }

    /// The weighted quantile: the smallest value whose cumulative weight (values sorted) reaches `q` of the total.
    public static func weightedQuantile(_ values: [Double], weights: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let order = values.indices.sorted { values[$0] < values[$1] }
        let target = q * weights.reduce(0, +)
        var cumulative = 0.0
        for index in order {
            cumulative += weights[index]
            if cumulative >= target { return values[index] }
        }
        return values[order[order.count - 1]]
    }

    /// Characters of the prompt and every response of each rating's item (what the annotator had to read).
    static func charactersRead(_ snapshot: SnapshotView) -> [Double] {
        let items = snapshot.items
        var perItem = [Double](repeating: 0, count: items.count)
        for item in 0..<items.count {
            var total = items.prompts.bytes(at: item).count
            for response in items.responses(of: item) { total += items.responseTexts.bytes(at: response).count }
            perItem[item] = Double(total)
        }
        return snapshot.ratings.item.map { perItem[Int($0)] }
    }

    /// Least-squares line of log(duration) on log(characters) over every timed rating; nil when degenerate.
    static func fitLogLog(durations: [Int64], characters: [Double]) -> (intercept: Double, slope: Double)? {
        var n = 0.0
        var sx = 0.0
        var sy = 0.0
        var sxx = 0.0
        var sxy = 0.0
        for row in 0..<durations.count where durations[row] >= 0 {
            let x = log(max(characters[row], 1))
            let y = log(Double(max(durations[row], 1)))
            n += 1
            sx += x
            sy += y
            sxx += x * x
            sxy += x * y
        }
        guard n >= 3 else { return nil }
        let variance = sxx - sx * sx / n
        guard variance > 1e-9 else { return (sy / n, 0) }
        let slope = (sxy - sx * sy / n) / variance
        return ((sy - slope * sx) / n, slope)
    }

    private static func round(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }

    private static func seconds(_ milliseconds: Double) -> String {
        "\(round(milliseconds / 1000)) s"
    }
}
