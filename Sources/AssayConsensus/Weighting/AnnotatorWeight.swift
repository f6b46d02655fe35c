/// The final annotator weight: reputation (prior) combined with this snapshot's reliability.
///
/// Every source of evidence is turned into pseudo-counts of correct and incorrect judgements
/// of one Beta distribution over the annotator's accuracy, in the spirit of the Beta reputation
/// system (Jøsang & Ismail, 2002) and of the Bayesian treatment of worker accuracy in Raykar et
/// al. (JMLR 2010) and Sheng, Provost & Ipeirotis (KDD 2008):
///
///     α = α₀ + c_gold + Σ_t κ λ^{age_t} A(w_t) + γ m A_s
///     β = β₀ + (n_gold − c_gold) + Σ_t κ λ^{age_t} (1 − A(w_t)) + γ m (1 − A_s)
///     Â = α / (α + β)                                   (posterior mean accuracy)
///     w = clamp((Â − 1/K) / (1 − 1/K), 0, 1)             (skill above chance)
///
/// - `c_gold / n_gold`: correct answers on gold (control) items, the strongest evidence.
/// - `w_t`, `age_t`: weights of past runs and how many runs ago they were computed; each past
///   run counts as `κ` pseudo-labels, discounted by `λ` per run of age (exponential forgetting,
///   so an annotator's drift is followed). `A(w) = 1/K + w(1 − 1/K)` maps a weight back to accuracy.
/// - `A_s`, `m`: this snapshot's estimated accuracy (Dawid–Skene `annotatorAccuracy`, or Crowd-BT
///   `η` with `K = 2`) over `m` labels, capped at `maxSnapshotLabels` and discounted by `γ`
///   because it is inferred from agreement, not observed against truth.
/// - `α₀, β₀`: prior for a newcomer (default Beta(4, 1): trusted at 0.8 until evidence says
///   otherwise, weighed like 5 labels).
///
/// The weight is 0 for an annotator at chance or worse and 1 for a perfect one. See
/// `Docs/weighting.md`.
public enum AnnotatorWeight {
    /// What the store remembers about an annotator (persisted by the caller).
    public struct Reputation: Sendable, Equatable {
        /// Correct answers on gold items.
        public var goldCorrect: Double
        /// Gold items answered.
        public var goldTotal: Double
        /// Weights of past runs, in `[0, 1]`.
        public var pastWeights: [Double]
        /// Age of each past weight in runs (1 = the previous run).
        public var pastAges: [Double]

        /// Creates a reputation record.
        public init(goldCorrect: Double = 0, goldTotal: Double = 0, pastWeights: [Double] = [], pastAges: [Double] = []) {
            self.goldCorrect = goldCorrect
            self.goldTotal = goldTotal
            self.pastWeights = pastWeights
            self.pastAges = pastAges
        }
    }

    /// The constants of the formula.
    public struct Options: Sendable, Equatable {
        /// Prior pseudo-counts of correct judgements (`α₀`).
        public var priorCorrect: Double
        /// Prior pseudo-counts of incorrect judgements (`β₀`).
        public var priorIncorrect: Double
        /// Pseudo-labels per past run (`κ`).
        public var historyStrength: Double
        /// Discount per run of age (`λ`, in `(0, 1]`).
        public var decay: Double
        /// Discount of snapshot evidence (`γ`, in `[0, 1]`).
        public var snapshotTrust: Double
        /// Cap on snapshot labels counted (`m`).
        public var maxSnapshotLabels: Double

        /// Creates the constants; defaults: Beta(4, 1), κ = 10, λ = 0.5, γ = 0.5, m ≤ 100.
        public init(
            priorCorrect: Double = 4, priorIncorrect: Double = 1, historyStrength: Double = 10, decay: Double = 0.5,
            snapshotTrust: Double = 0.5, maxSnapshotLabels: Double = 100
        ) {
            self.priorCorrect = priorCorrect
            self.priorIncorrect = priorIncorrect
            self.historyStrength = historyStrength
            self.decay = decay
            self.snapshotTrust = snapshotTrust
            self.maxSnapshotLabels = maxSnapshotLabels
        }
    }

    /// The Beta posterior `(α, β)` over the annotator's accuracy.
    public static func posterior(
        reputation: Reputation, snapshotAccuracy: Double?, snapshotLabels: Int, classCount: Int, options: Options = Options()
    ) throws(ConsensusError) -> (alpha: Double, beta: Double) {
        guard classCount >= 2 else { throw .invalidParameter(name: "classCount", reason: "must be at least 2") }
        guard reputation.pastWeights.count == reputation.pastAges.count else {
            throw .lengthMismatch(column: "pastAges", expected: reputation.pastWeights.count, actual: reputation.pastAges.count)
        }
        guard reputation.goldCorrect >= 0, reputation.goldCorrect <= reputation.goldTotal else {
            throw .invalidParameter(name: "goldCorrect", reason: "must lie in 0...goldTotal")
        }
        guard options.decay > 0, options.decay <= 1 else { throw .invalidParameter(name: "decay", reason: "must lie in (0, 1]") }
        let chance = 1 / Double(classCount)
        var a = options.priorCorrect + reputation.goldCorrect
        var b = options.priorIncorrect + reputation.goldTotal - reputation.goldCorrect
        for (w, age) in zip(reputation.pastWeights, reputation.pastAges) {
            let acc = chance + Swift.min(Swift.max(w, 0), 1) * (1 - chance)
            var discount = 1.0
            for _ in 0..<Int(Swift.max(age, 0).rounded()) { discount *= options.decay }
            a += options.historyStrength * discount * acc
            b += options.historyStrength * discount * (1 - acc)
        }
        if let s = snapshotAccuracy {
            let m = options.snapshotTrust * Swift.min(Double(snapshotLabels), options.maxSnapshotLabels)
            let acc = Swift.min(Swift.max(s, 0), 1)
            a += m * acc
            b += m * (1 - acc)
        }
        return (a, b)
    }

    /// The final weight in `[0, 1]` (skill above chance of the posterior mean accuracy).
    public static func weight(
        reputation: Reputation, snapshotAccuracy: Double?, snapshotLabels: Int, classCount: Int, options: Options = Options()
    ) throws(ConsensusError) -> Double {
        let (a, b) = try posterior(
            reputation: reputation, snapshotAccuracy: snapshotAccuracy, snapshotLabels: snapshotLabels,
            classCount: classCount, options: options)
        let chance = 1 / Double(classCount)
        let mean = a / (a + b)
        return Swift.min(Swift.max((mean - chance) / (1 - chance), 0), 1)
    }

    /// Weights for every annotator of a Dawid–Skene fit (no reputation: pass `reputations: nil`).
    public static func weights(
        fit: CategoricalResult, data: CategoricalLabels, reputations: [Reputation]? = nil, options: Options = Options()
    ) throws(ConsensusError) -> [Double] {
        if let r = reputations { try checkLength(r.count, data.annotatorCount, name: "reputations") }
        var n = [Int](repeating: 0, count: data.annotatorCount)
        for a in data.annotators { n[Int(a)] += 1 }
        var out = [Double](repeating: 0, count: data.annotatorCount)
        for a in 0..<data.annotatorCount {
            out[a] = try weight(
                reputation: reputations?[a] ?? Reputation(), snapshotAccuracy: fit.annotatorAccuracy[a],
                snapshotLabels: n[a], classCount: data.classCount, options: options)
        }
        return out
    }
}
