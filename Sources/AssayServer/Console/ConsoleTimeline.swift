import AssayModel
import Foundation

/// The annotator page's timeline: each rating a dot at the time it was submitted (across) and the time it
/// took (up, log scale), coloured by whether it agrees with the consensus; drawn as inline SVG by the template.
struct ConsoleTimeline: Sendable {
    /// One rating to draw.
    struct Input: Sendable {
        let submittedMs: Int64
        let durationMs: Int64?
        /// `agrees`, `disagrees` or `neutral`.
        let kind: String
        let gold: Bool
        let label: String
    }

    struct Point: Sendable {
        let x: String
        let y: String
        let kind: String
        let label: String
    }

    struct YTick: Sendable {
        let y: String
        let labelX: String
        let labelY: String
        let label: String
    }

    struct XTick: Sendable {
        let x: String
        let y: String
        let anchor: String
        let label: String
    }

    let width = 760
    let height = 250
    let left = 64
    let right = 744
    let top = 12
    let bottom = 212
    let count: Int
    let points: [Point]
    let yTicks: [YTick]
    let xTicks: [XTick]
    let noDurations: Int?
    let description: String

    /// The plot of `ratings` (any order), or nil when there are none.
    init?(_ ratings: [Input]) {
        guard !ratings.isEmpty else { return nil }
        let ratings = ratings.sorted { $0.submittedMs < $1.submittedMs }
        let first = ratings.first!.submittedMs
        let last = ratings.last!.submittedMs
        let durations = ratings.compactMap(\.durationMs).filter { $0 > 0 }
        // Log scale from the decade below the fastest to the decade above the slowest (100 ms .. 1 h at most).
        let low = log10(Double(max(100, durations.min() ?? 1000))).rounded(.down)
        let high = max(low + 1, min(log10(3_600_000), log10(Double(max(1000, durations.max() ?? 10_000))).rounded(.up)))
        let (left, right, top, bottom) = (Double(64), Double(744), Double(12), Double(212))
        func x(_ ms: Int64) -> Double {
            last == first ? (left + right) / 2 : left + 8 + (right - left - 16) * Double(ms - first) / Double(last - first)
        }
        func y(_ ms: Int64?) -> Double {
            guard let ms, ms > 0 else { return bottom - 2 }
            return bottom - 4 - (bottom - top - 8) * (min(high, max(low, log10(Double(ms)))) - low) / (high - low)
        }
        count = ratings.count
        points = ratings.map { rating in
            Point(
                x: String(format: "%.1f", x(rating.submittedMs)), y: String(format: "%.1f", y(rating.durationMs)),
                kind: rating.kind + (rating.gold ? " gold" : ""), label: rating.label)
        }
        var ticks: [YTick] = []
        for exponent in Int(low)...Int(high) {
            let ms = Int64(pow(10, Double(exponent)))
            let value = y(ms)
            ticks.append(
                YTick(
                    y: String(format: "%.1f", value), labelX: String(Int(left) - 6), labelY: String(format: "%.1f", value + 4),
                    label: ConsoleFormat.duration(milliseconds: ms)))
        }
        yTicks = ticks
        let times = [(first, "start"), (last, "end")]
        xTicks = (last == first ? [(first, "middle")] : times).map { ms, anchor in
            XTick(
                x: String(format: "%.1f", x(ms)), y: String(Int(bottom) + 20), anchor: anchor,
                label: ConsoleFormat.time(.init(millisecondsSinceEpoch: ms)))
        }
        let missing = ratings.filter { ($0.durationMs ?? 0) <= 0 }.count
        noDurations = missing > 0 ? missing : nil
        let agree = ratings.filter { $0.kind == "agrees" }.count
        let disagree = ratings.filter { $0.kind == "disagrees" }.count
        description =
            "\(ratings.count) ratings from \(ConsoleFormat.time(.init(millisecondsSinceEpoch: first))) to \(ConsoleFormat.time(.init(millisecondsSinceEpoch: last))); "
            + "\(agree) agree and \(disagree) disagree with the consensus; median time taken "
            + (durations.isEmpty ? "unknown" : ConsoleFormat.duration(milliseconds: durations.sorted()[durations.count / 2]))
    }
}
