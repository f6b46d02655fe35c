import Foundation

/// Dawid–Skene over pairwise items whose prior pools the evidence of responses that recur across items.
///
/// Dawid & Skene (1979) treat every item alone: with one or two ratings per pair, an item's posterior is little
/// more than its raters' confusion rows. Real preference data compares the same response in several pairs
/// (multi-response prompts, arena-style model comparisons, comparative judgement), and a Bradley–Terry model
/// (Bradley & Terry 1952) over the responses carries that evidence from pair to pair, as in Crowd-BT (Chen et
/// al., WSDM 2013). Here the two are one latent-variable model fitted by one EM:
///
///     s_o ~ Normal(0, 1/λ)                           strength of response object o (a recurring response)
///     z_i ∈ {first, second, tie}:  P(first) = (1 − τ) σ(s_x − s_y + b_i),  P(second) = (1 − τ) σ(s_y − s_x − b_i),
///                                  P(tie) = τ                                          (item i compares x, y)
///     b_i = ℓ_i · b_display   when every rating showed item i the same way (ℓ_i = +1: x shown first, −1: second),
///     b_i = b                 when its display order varied (or was not recorded)
///     y_ai | z_i ~ θ_a[z_i, ·]                       each annotator's 3 × 3 confusion matrix, as in Dawid–Skene
///     θ_a[first, tie] = θ_a[second, tie]             a tie vote carries no direction (`directionlessTies`)
///
/// The E-step is Dawid–Skene's with the item prior above in place of the global class prior; the M-step adds,
/// to the confusion matrices, the maximum a posteriori strengths on the soft outcomes (item i's first response
/// "wins" P(z_i = first) and loses P(z_i = second); tie mass carries no direction), the slot biases and the tie
/// share τ. `b_display` is the log-odds that the response a platform shows first is the better one: where a task
/// fixes left and right, the truth need not be balanced by position (a real Mechanical Turk set's reference
/// favours the right-hand response 139 : 76), and without it the consensus overturns the votes toward the
/// less likely side as often as toward the likelier one. Where the order is shuffled per rating, position says
/// nothing about quality and only the canonical-slot bias `b` applies. Strengths are updated by `sweeps` diagonal Newton steps per EM
/// iteration (Hunter 2004's MM has the same fixed point). A response object seen in only one item is pinned at
/// strength 0: it has no other evidence to pool, and a free strength would only echo the item's own ratings
/// back as its prior. With no recurring response at all the model is Dawid–Skene with a class prior (first,
/// second, tie) = ((1 − τ)σ(b), (1 − τ)σ(−b), τ).
///
/// `λ` (`Options.ridge`) is the precision of the Normal prior on the log-strengths: 1 (a standard Normal) by
/// default, the usual weakly informative choice; it is not fitted to any data set.
///
/// **How to check.** On pairs where each response appears in three items, each item with one honest rating,
/// the pooled posterior picks the truly better response more often than per-item Dawid–Skene
/// (`PooledDawidSkeneTests`); with no recurring response it equals Dawid–Skene with the same class prior.
public enum PooledDawidSkene {
    /// Settings of the Bradley–Terry prior (the Dawid–Skene settings are `DawidSkene.Options`).
    public struct Options: Sendable, Equatable {
        /// Precision `λ` of the Normal(0, 1/λ) prior on each response's log-strength.
        public var ridge: Double
        /// Diagonal Newton sweeps on the strengths per EM iteration.
        public var sweeps: Int
        /// Whether a tie vote is directionless: each annotator's tie probability is the same whichever response is
        /// better (`DawidSkene.Options.directionlessLabel` = 2). On by default; off gives the unconstrained 3 × 3
        /// matrices of Dawid & Skene.
        public var directionlessTies: Bool

        /// Creates options; defaults: λ = 1, 5 sweeps, directionless ties.
        public init(ridge: Double = 1, sweeps: Int = 5, directionlessTies: Bool = true) {
            self.ridge = ridge
            self.sweeps = sweeps
            self.directionlessTies = directionlessTies
        }
    }

    /// The fit: Dawid–Skene's result over (first, second, tie) plus the response strengths.
    public struct Fit: Sendable, Equatable {
        /// The Dawid–Skene fit with the pooled prior.
        public var dawidSkene: DawidSkene.Fit
        /// Log-strength per response object (0 for objects seen in one item).
        public var strengths: [Double]
        /// How many objects recur (appear in more than one labelled item).
        public var recurringObjects: Int
        /// Log-odds that the response shown first is the better one, fitted on the items with a fixed layout
        /// (0 without any).
        public var displayBias: Double
    }

    /// Fits the model.
    /// - Parameters:
    ///   - data: labels 0 (first better), 1 (second better), 2 (tie); `classCount` must be 3.
    ///   - first: per item, the response object in the first slot; `second`: in the second slot.
    ///   - layout: per item, +1 when every rating showed the first slot's response first, −1 when every rating
    ///     showed it second, 0 when the order varied or is unknown (`nil`: all 0).
    ///   - objectCount: number of response objects.
    public static func fit(
        _ data: CategoricalLabels, first: [Int32], second: [Int32], objectCount: Int, layout: [Int8]? = nil,
        options: DawidSkene.Options = .init(), pooling: Options = .init()
    ) throws(ConsensusError) -> Fit {
        guard data.classCount == 3 else { throw .invalidParameter(name: "classCount", reason: "must be 3 (first, second, tie)") }
        try checkLength(first.count, data.itemCount, name: "first")
        try checkLength(second.count, data.itemCount, name: "second")
        for (i, o) in first.enumerated() where o < 0 || Int(o) >= objectCount {
            throw .indexOutOfRange(column: "first", row: i, value: o, count: objectCount)
        }
        for (i, o) in second.enumerated() where o < 0 || Int(o) >= objectCount {
            throw .indexOutOfRange(column: "second", row: i, value: o, count: objectCount)
        }
        if let layout {
            try checkLength(layout.count, data.itemCount, name: "layout")
            for (i, v) in layout.enumerated() where v < -1 || v > 1 {
                throw .invalidParameter(name: "layout", reason: "item \(i): \(v) is not -1, 0 or 1")
            }
        }
        guard pooling.ridge > 0, pooling.ridge.isFinite else { throw .invalidParameter(name: "ridge", reason: "must be positive") }
        guard pooling.sweeps >= 0 else { throw .invalidParameter(name: "sweeps", reason: "must be non-negative") }
        let prior = BradleyTerryItemPrior(
            first: first, second: second, layout: layout ?? [], objectCount: objectCount, options: pooling, labelled: data)
        var options = options
        if pooling.directionlessTies { options.directionlessLabel = 2 }
        let fit = try categoricalEM(data, options: options, model: .full, itemPrior: prior)
        return Fit(dawidSkene: fit, strengths: prior.strengths, recurringObjects: prior.recurring, displayBias: prior.displayBias)
    }
}

/// A per-item log-prior over the classes that the EM engine refreshes after each M-step.
protocol ItemPriorModel: AnyObject {
    /// Flat `items × K` log-prior (empty: use the global class prior).
    var logPrior: [Double] { get }
    /// Refits the prior's parameters from the current posteriors.
    func update(posteriors: [Double], hasLabel: [Bool], k: Int)
}

/// The Bradley–Terry item prior of `PooledDawidSkene`.
final class BradleyTerryItemPrior: ItemPriorModel {
    let first: [Int32]
    let second: [Int32]
    /// Per item: +1 / −1 when it was always shown first-canonical-first / second, 0 when mixed (empty: all 0).
    let layout: [Int8]
    let options: PooledDawidSkene.Options
    /// Objects that appear in more than one labelled item; the others stay at strength 0.
    let free: [Bool]
    let recurring: Int
    var strengths: [Double]
    var bias = 0.0
    /// Log-odds that the response shown first is the better one, on items with a fixed layout.
    var displayBias = 0.0
    var logPrior: [Double] = []

    init(
        first: [Int32], second: [Int32], layout: [Int8], objectCount: Int, options: PooledDawidSkene.Options,
        labelled data: CategoricalLabels
    ) {
        self.first = first
        self.second = second
        self.layout = layout
        self.options = options
        var labelled = [Bool](repeating: false, count: data.itemCount)
        for i in data.items { labelled[Int(i)] = true }
        var degree = [Int](repeating: 0, count: objectCount)
        for i in 0..<first.count where labelled[i] {
            degree[Int(first[i])] += 1
            if second[i] != first[i] { degree[Int(second[i])] += 1 }
        }
        free = degree.map { $0 > 1 }
        recurring = free.filter { $0 }.count
        strengths = [Double](repeating: 0, count: objectCount)
    }

    func update(posteriors q: [Double], hasLabel: [Bool], k: Int) {
        let items = first.count
        // Tie share, with one pseudo-item per class as in Dawid–Skene's class prior.
        var tieMass = 1.0
        var labelled = 3.0
        for i in 0..<items where hasLabel[i] {
            tieMass += q[3 * i + 2]
            labelled += 1
        }
        let tau = tieMass / labelled
        var gradient = [Double](repeating: 0, count: strengths.count)
        var curvature = [Double](repeating: 0, count: strengths.count)
        for _ in 0..<options.sweeps {
            for o in gradient.indices {
                gradient[o] = -options.ridge * strengths[o]
                curvature[o] = options.ridge
            }
            var biasGradient = 0.0
            var biasCurvature = 1e-9
            var displayGradient = 0.0
            var displayCurvature = 1e-9
            for i in 0..<items where hasLabel[i] {
                let x = Int(first[i])
                let y = Int(second[i])
                let n = q[3 * i] + q[3 * i + 1]
                let sign = layoutSign(i)
                let p = logistic(strengths[x] - strengths[y] + offset(sign))
                let residual = q[3 * i] - n * p
                let information = n * p * (1 - p)
                gradient[x] += residual
                gradient[y] -= residual
                curvature[x] += information
                curvature[y] += information
                if sign == 0 {
                    biasGradient += residual
                    biasCurvature += information
                } else {
                    displayGradient += sign * residual
                    displayCurvature += information
                }
            }
            for o in strengths.indices where free[o] { strengths[o] += gradient[o] / curvature[o] }
            bias += biasGradient / biasCurvature
            displayBias += displayGradient / displayCurvature
        }
        if logPrior.count != 3 * items { logPrior = [Double](repeating: 0, count: 3 * items) }
        let logTie = Foundation.log(tau)
        let logStrict = Foundation.log(1 - tau)
        for i in 0..<items {
            let d = strengths[Int(first[i])] - strengths[Int(second[i])] + offset(layoutSign(i))
            logPrior[3 * i] = logStrict + logSigmoid(d)
            logPrior[3 * i + 1] = logStrict + logSigmoid(-d)
            logPrior[3 * i + 2] = logTie
        }
    }
}

extension BradleyTerryItemPrior {
    /// The item's layout as ±1, or 0 when it varied (or no layouts were given).
    @inline(__always)
    func layoutSign(_ item: Int) -> Double { layout.isEmpty ? 0 : Double(layout[item]) }

    /// The slot term of an item's log-odds: the display bias on a fixed layout, the canonical-slot bias otherwise.
    @inline(__always)
    func offset(_ sign: Double) -> Double { sign == 0 ? bias : sign * displayBias }
}

@inline(__always)
private func logistic(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }

/// log σ(x), stable for large |x|.
@inline(__always)
private func logSigmoid(_ x: Double) -> Double {
    x >= 0 ? -Foundation.log1p(Foundation.exp(-x)) : x - Foundation.log1p(Foundation.exp(x))
}
