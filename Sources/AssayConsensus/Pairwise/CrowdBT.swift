import Foundation

/// Crowd-BT: Bradley–Terry with a reliability per annotator.
///
/// After X. Chen, P. N. Bennett, K. Collins-Thompson and E. Horvitz, "Pairwise Ranking
/// Aggregation in a Crowdsourced Setting", *WSDM* 2013. Fitted here by EM rather than the
/// paper's online moment matching.
///
/// **Model.** Annotator `a` reports the truth with probability `η_a` and the reverse
/// otherwise, so for a comparison where it preferred `w` over `l`:
///
///     P(w ≻_a l) = η_a · p_w/(p_w + p_l) + (1 − η_a) · p_l/(p_w + p_l)
///
/// **EM.** With the latent "was this judgement faithful" indicator,
///
///     ρ_r = η_a p_w / (η_a p_w + (1 − η_a) p_l)                            (E-step)
///     η_a = (α + Σ_r ρ_r) / (α + β + n_a)                                  (M-step, Beta(α, β) prior)
///     p ← Hunter MM sweeps on soft outcomes: w wins ρ_r, l wins 1 − ρ_r    (M-step)
///
/// Ties carry no information about `η` and count as half a win for each side, as in
/// `BradleyTerry` `.halfWin`. EM starts from plain Bradley–Terry (all `η = 1`). `λ` virtual
/// comparisons per item against a strength-1 item (Chen et al. §3.3) keep strengths finite.
/// Annotators with `η < 0.5` are systematically reversed (adversarial or confused sides); the
/// model uses their judgements flipped.
///
/// **How to check.** On synthetic data where some annotators always answer reversed, their
/// `η` drops below 0.2 and the recovered ranking matches the truth while plain BT's degrades
/// (`CrowdBTTests`).
public enum CrowdBT {
    /// Settings of the EM run.
    public struct Options: Sendable, Equatable {
        /// Upper bound on EM iterations.
        public var maxIterations: Int
        /// MM sweeps on the strengths per EM iteration.
        public var innerSweeps: Int
        /// Stop when no `η` nor strength changes by more than this (relatively for strengths).
        public var tolerance: Double
        /// Beta prior on `η`: pseudo-counts of faithful (`alpha`) and reversed (`beta`) judgements.
        public var alpha: Double
        /// See `alpha`.
        public var beta: Double
        /// Virtual comparisons per item (`λ`).
        public var virtualComparisons: Double

        /// Creates options; the default prior Beta(9, 1) expects annotators to be right 90% of the time.
        public init(
            maxIterations: Int = 1000, innerSweeps: Int = 10, tolerance: Double = 1e-7, alpha: Double = 9, beta: Double = 1,
            virtualComparisons: Double = 0.5
        ) {
            self.maxIterations = maxIterations
            self.innerSweeps = innerSweeps
            self.tolerance = tolerance
            self.alpha = alpha
            self.beta = beta
            self.virtualComparisons = virtualComparisons
        }
    }

    /// Fitted strengths and reliabilities.
    public struct Fit: Sendable, Equatable {
        /// Item strengths normalised to sum 1.
        public var scores: [Double]
        /// Reliability `η_a` per annotator.
        public var reliability: [Double]
        /// EM iterations run.
        public var iterations: Int
        /// Whether `tolerance` was reached.
        public var converged: Bool
    }

    /// Runs Crowd-BT EM.
    public static func fit(_ c: PairwiseComparisons, options: Options = Options()) throws(ConsensusError) -> Fit {
        guard options.alpha > 0, options.beta > 0 else {
            throw .invalidParameter(name: "alpha/beta", reason: "Beta prior pseudo-counts must be positive")
        }
        guard options.virtualComparisons >= 0 else {
            throw .invalidParameter(name: "virtualComparisons", reason: "must be non-negative")
        }
        let n = c.itemCount
        let lambda = options.virtualComparisons
        // Start from plain BT.
        let start = try BradleyTerry.fit(c, options: .init(maxIterations: 200, tolerance: 1e-6, virtualComparisons: lambda))
        var p = start.scores.map { $0 * Double(n) }
        var eta = [Double](repeating: options.alpha / (options.alpha + options.beta), count: c.annotatorCount)
        var rho = [Double](repeating: 1, count: c.count)
        // Per row: winner/loser (ties: -1 marks).
        let winner = (0..<c.count).map { r -> Int32 in
            switch c.outcomes[r] {
            case .firstBetter: return c.firsts[r]
            case .secondBetter: return c.seconds[r]
            case .tie: return -1
            }
        }
        let loser = (0..<c.count).map { r -> Int32 in
            switch c.outcomes[r] {
            case .firstBetter: return c.seconds[r]
            case .secondBetter: return c.firsts[r]
            case .tie: return -1
            }
        }
        var wins = [Double](repeating: 0, count: n)
        var denom = [Double](repeating: 0, count: n)
        var it = 0
        var converged = false
        while it < options.maxIterations {
            it += 1
            // E-step.
            for r in 0..<c.count where winner[r] >= 0 {
                let e = eta[Int(c.annotators[r])]
                let pw = p[Int(winner[r])]
                let pl = p[Int(loser[r])]
                let a = e * pw
                let b = (1 - e) * pl
                rho[r] = a + b > 0 ? a / (a + b) : 0.5
            }
            // M-step: reliabilities.
            var sum = [Double](repeating: options.alpha, count: c.annotatorCount)
            var cnt = [Double](repeating: options.alpha + options.beta, count: c.annotatorCount)
            for r in 0..<c.count where winner[r] >= 0 {
                sum[Int(c.annotators[r])] += rho[r]
                cnt[Int(c.annotators[r])] += 1
            }
            var change = 0.0
            for a in 0..<c.annotatorCount {
                let v = sum[a] / cnt[a]
                change = Swift.max(change, Swift.abs(v - eta[a]))
                eta[a] = v
            }
            // M-step: strengths, by MM on soft outcomes.
            for i in 0..<n { wins[i] = lambda }
            for r in 0..<c.count {
                if winner[r] >= 0 {
                    wins[Int(winner[r])] += rho[r]
                    wins[Int(loser[r])] += 1 - rho[r]
                } else {
                    wins[Int(c.firsts[r])] += 0.5
                    wins[Int(c.seconds[r])] += 0.5
                }
            }
            for _ in 0..<Swift.max(1, options.innerSweeps) {
                for i in 0..<n { denom[i] = lambda > 0 ? 2 * lambda / (p[i] + 1) : 0 }
                for r in 0..<c.count {
                    let i = Int(c.firsts[r])
                    let j = Int(c.seconds[r])
                    let x = 1 / (p[i] + p[j])
                    denom[i] += x
                    denom[j] += x
                }
                var next = p
                for i in 0..<n where denom[i] > 0 { next[i] = wins[i] / denom[i] }
                if lambda == 0 { rescale(&next) }
                for i in 0..<n where p[i] > 0 { change = Swift.max(change, Swift.abs(next[i] - p[i]) / p[i]) }
                p = next
            }
            if change <= options.tolerance {
                converged = true
                break
            }
        }
        return Fit(scores: normalizedToSum1(p), reliability: eta, iterations: it, converged: converged)
    }
}
