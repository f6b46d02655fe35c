import Foundation

/// Bradley–Terry scores fitted by Hunter's minorisation–maximisation (MM) algorithm.
///
/// After R. A. Bradley and M. E. Terry, "Rank Analysis of Incomplete Block Designs",
/// *Biometrika* 39, 1952, fitted as in D. R. Hunter, "MM algorithms for generalized
/// Bradley–Terry models", *Annals of Statistics* 32(1), 2004 (eq. 3).
///
/// **Model.** Item `i` has strength `p_i > 0` and `P(i beats j) = p_i / (p_i + p_j)`. With
/// `W_i` the (weighted) wins of `i` and `n_ij` the comparisons between `i` and `j`, each MM
/// step is
///
///     p_i ← W_i / Σ_{j ~ i} n_ij / (p_i + p_j)
///
/// followed by rescaling to `Σ p = #items`; the log-likelihood increases monotonically and the
/// iteration runs to convergence (largest relative change ≤ `tolerance`), not for a fixed count.
///
/// **Ties.** `.halfWin` (default) counts a tie as half a win for each side, as evalica's
/// `bradley_terry` does (`win_weight = 1, tie_weight = 0.5`) — this is the tie-splitting
/// approximation of Rao & Kupper / Davidson and keeps the plain BT likelihood. `.davidson` fits
/// Davidson's (1970, *JASA* 65) model with a tie parameter `ν`,
///
///     P(i ≻ j) = p_i / D,  P(tie) = 2ν √(p_i p_j) / D,  D = p_i + p_j + 2ν √(p_i p_j),
///
/// by the fixed-point iteration of M. E. J. Newman, "Efficient computation of rankings from
/// pairwise comparisons", *JMLR* 24, 2023 (the `newman` method of evalica), re-estimating `ν`
/// after every sweep.
///
/// **Regularisation.** `virtualComparisons = λ > 0` adds, for every item, `λ` wins and `λ`
/// losses against a virtual item of strength 1 (Chen et al. 2013, §3.3); this makes the
/// estimate exist when an item never wins or never loses. With `λ = 0` an item that never
/// wins gets strength 0.
///
/// **Sparse.** Comparisons are aggregated into an edge list over the observed pairs (sorted by
/// `(i, j)`); memory and time per iteration are `O(items + distinct pairs)`, never `items²`.
///
/// **How to check.** After normalising to sum 1, scores equal evalica's golden
/// `bradley_terry` on `food.csv` and LLMFAO at rtol 1e-4, and `newman` for `.davidson`
/// (see `BradleyTerryReferenceTests`).
public enum BradleyTerry {
    /// How ties enter the likelihood.
    public enum TieModel: String, Sendable, Equatable, CaseIterable {
        /// A tie counts as half a win for each side.
        case halfWin
        /// Davidson's (1970) model with a fitted tie parameter.
        case davidson
    }

    /// Settings of the fit.
    public struct Options: Sendable, Equatable {
        /// Upper bound on MM sweeps.
        public var maxIterations: Int
        /// Stop when no strength changes by more than this, relatively.
        public var tolerance: Double
        /// How ties are modelled.
        public var ties: TieModel
        /// Virtual wins and losses per item against a strength-1 item (`λ`).
        public var virtualComparisons: Double

        /// Creates options.
        public init(maxIterations: Int = 100_000, tolerance: Double = 1e-12, ties: TieModel = .halfWin, virtualComparisons: Double = 0) {
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.ties = ties
            self.virtualComparisons = virtualComparisons
        }
    }

    /// Fitted strengths.
    public struct Fit: Sendable, Equatable {
        /// Strengths normalised to sum 1 (what evalica's golden files hold).
        public var scores: [Double]
        /// MM sweeps run.
        public var iterations: Int
        /// Whether `tolerance` was reached.
        public var converged: Bool
        /// Davidson's tie parameter `ν` (`nil` for `.halfWin`).
        public var tieParameter: Double?
    }

    /// Fits Bradley–Terry strengths to the comparisons (annotators are ignored; see `CrowdBT`).
    /// - Parameter rowWeights: optional non-negative weight per comparison.
    public static func fit(_ c: PairwiseComparisons, rowWeights: [Double]? = nil, options: Options = Options()) throws(ConsensusError) -> Fit {
        if let w = rowWeights {
            try checkLength(w.count, c.count, name: "rowWeights")
            for (r, x) in w.enumerated() where !(x >= 0) || !x.isFinite {
                throw .invalidParameter(name: "rowWeights[\(r)]", reason: "must be finite and non-negative")
            }
        }
        guard options.virtualComparisons >= 0 else {
            throw .invalidParameter(name: "virtualComparisons", reason: "must be non-negative")
        }
        let edges = PairEdges(c, rowWeights: rowWeights)
        var p = [Double](repeating: 1, count: c.itemCount)
        switch options.ties {
        case .halfWin:
            let (it, conv) = mmHalfWin(
                edges: edges, p: &p, lambda: options.virtualComparisons,
                maxIterations: options.maxIterations, tolerance: options.tolerance)
            return Fit(scores: normalizedToSum1(p), iterations: it, converged: conv, tieParameter: nil)
        case .davidson:
            var nu = 0.5
            let (it, conv) = davidson(
                edges: edges, p: &p, nu: &nu, lambda: options.virtualComparisons,
                maxIterations: options.maxIterations, tolerance: options.tolerance)
            return Fit(scores: normalizedToSum1(p), iterations: it, converged: conv, tieParameter: nu)
        }
    }

    /// Hunter's MM with ties as half wins; `p` is updated in place. Returns (sweeps, converged).
    static func mmHalfWin(edges: PairEdges, p: inout [Double], lambda: Double, maxIterations: Int, tolerance: Double) -> (Int, Bool) {
        let n = p.count
        var wins = [Double](repeating: lambda, count: n)
        for e in 0..<edges.count {
            wins[Int(edges.lo[e])] += edges.loWins[e] + edges.ties[e] / 2
            wins[Int(edges.hi[e])] += edges.hiWins[e] + edges.ties[e] / 2
        }
        var denom = [Double](repeating: 0, count: n)
        var it = 0
        while it < maxIterations {
            it += 1
            for i in 0..<n { denom[i] = lambda > 0 ? 2 * lambda / (p[i] + 1) : 0 }
            edges.lo.withUnsafeBufferPointer { lo in
                edges.hi.withUnsafeBufferPointer { hi in
                    p.withUnsafeBufferPointer { pp in
                        denom.withUnsafeMutableBufferPointer { d in
                            for e in 0..<lo.count {
                                let i = Int(lo[e])
                                let j = Int(hi[e])
                                let nij = edges.loWins[e] + edges.hiWins[e] + edges.ties[e]
                                let x = nij / (pp[i] + pp[j])
                                d[i] += x
                                d[j] += x
                            }
                        }
                    }
                }
            }
            var maxRel = 0.0
            var next = p
            for i in 0..<n where denom[i] > 0 { next[i] = wins[i] / denom[i] }
            if lambda == 0 { rescale(&next) }
            for i in 0..<n where p[i] > 0 {
                let r = Swift.abs(next[i] - p[i]) / p[i]
                if r > maxRel { maxRel = r }
            }
            p = next
            if maxRel <= tolerance { return (it, true) }
        }
        return (it, false)
    }

    /// Newman's (2023) iteration for Davidson's tie model; `p` and `nu` are updated in place.
    static func davidson(edges: PairEdges, p: inout [Double], nu: inout Double, lambda: Double, maxIterations: Int, tolerance: Double) -> (Int, Bool)
    {
        let n = p.count
        var num = [Double](repeating: 0, count: n)
        var den = [Double](repeating: 0, count: n)
        var it = 0
        while it < maxIterations {
            it += 1
            for i in 0..<n {
                // Virtual comparisons: λ wins and λ losses against strength 1, no ties.
                let d = p[i] + 1 + 2 * nu * p[i].squareRoot()
                num[i] = lambda * (1 + nu * p[i].squareRoot()) / d
                den[i] = lambda * (1 + nu * (1 / p[i]).squareRoot()) / d
            }
            var tieNum = 0.0
            var tieDen = 0.0
            for e in 0..<edges.count {
                let i = Int(edges.lo[e])
                let j = Int(edges.hi[e])
                let s = (p[i] * p[j]).squareRoot()
                let d = p[i] + p[j] + 2 * nu * s
                let wi = edges.loWins[e] + edges.ties[e] / 2
                let wj = edges.hiWins[e] + edges.ties[e] / 2
                num[i] += wi * (p[j] + nu * s) / d
                num[j] += wj * (p[i] + nu * s) / d
                den[i] += wj * (1 + nu * (p[j] / p[i]).squareRoot()) / d
                den[j] += wi * (1 + nu * (p[i] / p[j]).squareRoot()) / d
                tieNum += edges.ties[e] * (p[i] + p[j]) / d
                tieDen += 2 * (edges.loWins[e] + edges.hiWins[e]) * s / d
            }
            var next = p
            for i in 0..<n where den[i] > 0 && num[i] > 0 { next[i] = num[i] / den[i] }
            if lambda == 0 { rescale(&next) }
            var maxRel = 0.0
            for i in 0..<n where p[i] > 0 {
                let r = Swift.abs(next[i] - p[i]) / p[i]
                if r > maxRel { maxRel = r }
            }
            let nuNext = tieDen > 0 ? tieNum / tieDen : 0
            maxRel = Swift.max(maxRel, Swift.abs(nuNext - nu) / Swift.max(nu, 1e-300))
            p = next
            nu = nuNext
            if maxRel <= tolerance { return (it, true) }
        }
        return (it, false)
    }
}

/// Rescales positive strengths to mean 1 (sum = count).
func rescale(_ p: inout [Double]) {
    let s = p.reduce(0, +)
    guard s > 0 else { return }
    let f = Double(p.count) / s
    for i in p.indices { p[i] *= f }
}

/// The vector divided by its sum.
func normalizedToSum1(_ p: [Double]) -> [Double] {
    let s = p.reduce(0, +)
    return s > 0 ? p.map { $0 / s } : p
}
