// Shared by `entity-promotion` and `trigger-backdoor` (a symlink in each plugin folder, like RuleStatistics.swift).
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Disagreement with the consensus as a Rasch-type item-response model whose item difficulty is a linear function
/// of an item covariate — the *linear logistic test model* (Fischer 1973) with a random annotator effect:
///
///     logit P(annotator a disagrees on item i) = θ_a + slope · x_i,     θ_a ~ Normal(μ, τ²)
///
/// with x_i the item's leave-one-out difficulty (``LeaveOneOut``). μ, τ and the slope are fitted to the whole
/// population by marginal maximum likelihood — EM over a fixed grid of θ (the quadrature of Bock & Aitkin 1981)
/// — so the population's real spread of skill is the empirical-Bayes prior of each annotator's θ. An
/// annotator's θ is then known as well as their *other* ratings tell it (the posterior on the grid), and a set of
/// held-out ratings (the opportunities of a token) gets a posterior-predictive distribution of its disagreements:
/// a mixture over θ of Poisson-binomials, each rating with the probability its own difficulty implies.
///
/// Why: a pooled own disagreement rate mixes near-tie items, where everyone disagrees often, with the clear items
/// an attack lands on. Conditioning on difficulty is the item-response analogue of stratifying a 2×2 test by a
/// confounder (Mantel & Haenszel 1959): an annotator who disagrees on items that every other rater gets right is
/// judged against what *they* do on such items, not against their rate on coin flips.
///
/// Check by hand: slope 0 and τ → 0 reduce the predictive to Binomial(n, σ(μ)) — the population rate.
struct DisagreementModel: Sendable {
    /// The θ grid: −8 … 8 in steps of 0.2 (81 points; probabilities 3e-4 … 0.9997 at x = 0).
    static let grid: [Double] = (0...80).map { -8 + 0.2 * Double($0) }

    var mean: Double
    var scale: Double
    var slope: Double
    /// log prior weight of each grid point (normalised).
    private(set) var logPrior: [Double]

    init(mean: Double, scale: Double, slope: Double) {
        self.mean = mean
        self.scale = scale
        self.slope = slope
        logPrior = Self.normalPrior(mean: mean, scale: scale)
    }

    private static func normalPrior(mean: Double, scale: Double) -> [Double] {
        let raw = grid.map { -0.5 * ($0 - mean) * ($0 - mean) / (scale * scale) }
        let top = raw.max()!
        let total = log(raw.reduce(0) { $0 + exp($1 - top) }) + top
        return raw.map { $0 - total }
    }

    /// A model with no difficulty slope and a wide prior around a pooled rate: what is left when the population is
    /// too small to fit a spread (the annotator's own ratings then decide).
    static func around(rate: Double, scale: Double = 2) -> Self {
        let clamped = min(max(rate, 0.01), 0.99)
        return Self(mean: log(clamped / (1 - clamped)), scale: scale, slope: 0)
    }

    /// log σ(z) and log(1 − σ(z)), stable.
    @inline(__always) static func logSigmoid(_ z: Double) -> (yes: Double, no: Double) {
        z >= 0 ? (-log1p(exp(-z)), -z - log1p(exp(-z))) : (z - log1p(exp(z)), -log1p(exp(z)))
    }

    /// Per grid point: log P(disagree) and log P(agree) on an item of difficulty x.
    func logProbabilities(x: Double) -> (yes: [Double], no: [Double]) {
        var yes = [Double](repeating: 0, count: Self.grid.count)
        var no = yes
        for (g, theta) in Self.grid.enumerated() {
            let value = Self.logSigmoid(theta + slope * x)
            yes[g] = value.yes
            no[g] = value.no
        }
        return (yes, no)
    }

    /// Fits μ, τ and the slope by marginal maximum likelihood. `annotators`: per annotator, their ratings grouped
    /// by difficulty level — (x, ratings n, disagreements k). Annotators with fewer than `minimumRatings` ratings
    /// do not enter the fit. Nil when fewer than `minimumAnnotators` remain (too few to estimate a spread).
    static func fit(_ annotators: [[(x: Double, n: Int, k: Int)]], minimumRatings: Int = 5, minimumAnnotators: Int = 20, iterations: Int = 200)
        -> Self?
    {
        let used = annotators.filter { $0.reduce(0) { $0 + $1.n } >= minimumRatings }
        guard used.count >= minimumAnnotators else { return nil }
        let totalN = used.reduce(0) { $0 + $1.reduce(0) { $0 + $1.n } }
        let totalK = used.reduce(0) { $0 + $1.reduce(0) { $0 + $1.k } }
        let rate = min(max(Double(totalK) / Double(max(totalN, 1)), 0.01), 0.99)
        var model = Self(mean: log(rate / (1 - rate)), scale: 1, slope: 0)
        // Difficulty levels are few (x is rounded by the caller); each iteration tabulates log σ on levels × grid once.
        // Flat arrays and unsafe buffers: this loop is the rule's hot spot.
        var levelOf: [Double: Int] = [:]
        var xs: [Double] = []
        var offsets: [Int] = [0]
        var codes: [Int] = []
        var ns: [Double] = []
        var ks: [Double] = []
        for levels in used {
            for entry in levels {
                let level: Int
                if let known = levelOf[entry.x] {
                    level = known
                } else {
                    level = xs.count
                    levelOf[entry.x] = level
                    xs.append(entry.x)
                }
                codes.append(level)
                ns.append(Double(entry.n))
                ks.append(Double(entry.k))
            }
            offsets.append(codes.count)
        }
        let count = grid.count
        var logYes = [Double](repeating: 0, count: xs.count * count)
        var logNo = logYes
        var probability = logYes
        var posterior = [Double](repeating: 0, count: count)
        var previous = -Double.infinity
        var firstMoment = 0.0
        var secondMoment = 0.0
        var gradient = 0.0
        var curvature = 0.0
        var logLikelihood = 0.0
        for _ in 0..<iterations {
            for level in xs.indices {
                for g in 0..<count {
                    let value = logSigmoid(grid[g] + model.slope * xs[level])
                    logYes[level * count + g] = value.yes
                    logNo[level * count + g] = value.no
                    probability[level * count + g] = exp(value.yes)
                }
            }
            firstMoment = 0
            secondMoment = 0
            gradient = 0
            curvature = 0
            logLikelihood = 0
            let prior = model.logPrior
            codes.withUnsafeBufferPointer { codes in
                ns.withUnsafeBufferPointer { ns in
                    ks.withUnsafeBufferPointer { ks in
                        logYes.withUnsafeBufferPointer { logYes in
                            logNo.withUnsafeBufferPointer { logNo in
                                probability.withUnsafeBufferPointer { probability in
                                    xs.withUnsafeBufferPointer { xs in
                                        grid.withUnsafeBufferPointer { grid in
                                            prior.withUnsafeBufferPointer { prior in
                                                posterior.withUnsafeMutableBufferPointer { posterior in
                                                    for person in 0..<offsets.count - 1 {
                                                        let range = offsets[person]..<offsets[person + 1]
                                                        // E-step: the annotator's posterior over the grid.
                                                        var top = -Double.infinity
                                                        for g in 0..<count {
                                                            var value = prior[g]
                                                            for entry in range {
                                                                let cell = codes[entry] * count + g
                                                                value += ks[entry] * logYes[cell] + (ns[entry] - ks[entry]) * logNo[cell]
                                                            }
                                                            posterior[g] = value
                                                            if value > top { top = value }
                                                        }
                                                        var total = 0.0
                                                        for g in 0..<count {
                                                            posterior[g] = exp(posterior[g] - top)
                                                            total += posterior[g]
                                                        }
                                                        logLikelihood += top + log(total)
                                                        for g in 0..<count where posterior[g] > 1e-12 * total {
                                                            let w = posterior[g] / total
                                                            firstMoment += w * grid[g]
                                                            secondMoment += w * grid[g] * grid[g]
                                                            // M-step for the slope: Newton on the expected complete log-likelihood.
                                                            for entry in range {
                                                                let p = probability[codes[entry] * count + g]
                                                                let x = xs[codes[entry]]
                                                                gradient += w * x * (ks[entry] - ns[entry] * p)
                                                                curvature += w * x * x * ns[entry] * p * (1 - p)
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let people = Double(used.count)
            let mean = firstMoment / people
            // τ is kept above the grid step so the prior stays a distribution on the grid.
            let scale = min(max((secondMoment / people - mean * mean).squareRoot(), 0.25), 4)
            let slope = curvature > 0 ? min(max(model.slope + gradient / curvature, -5), 5) : model.slope
            model = Self(mean: mean, scale: scale, slope: slope)
            if abs(logLikelihood - previous) < 1e-7 * max(1, abs(logLikelihood)) { break }
            previous = logLikelihood
        }
        return model
    }

    /// Posterior weights over the grid from a log-likelihood per grid point (the annotator's ratings left in).
    func posterior(logLikelihood: [Double]) -> [Double] {
        var values = [Double](repeating: 0, count: Self.grid.count)
        var top = -Double.infinity
        for g in values.indices {
            values[g] = logPrior[g] + logLikelihood[g]
            top = max(top, values[g])
        }
        var total = 0.0
        for g in values.indices {
            values[g] = exp(values[g] - top)
            total += values[g]
        }
        return values.map { $0 / total }
    }

    /// Posterior-predictive P(all held-out ratings disagree): the smallest achievable p-value of the upper tail.
    /// `held`: per held-out rating, log P(disagree) on the grid.
    static func allDisagree(weights: [Double], held: [[Double]]) -> Double {
        var total = 0.0
        for g in weights.indices where weights[g] > 1e-300 {
            var value = 0.0
            for rating in held { value += rating[g] }
            total += weights[g] * exp(value)
        }
        return min(1, total)
    }

    /// Posterior-predictive distribution of the number of disagreements among the held-out ratings: a mixture over
    /// the grid of Poisson-binomials. `held`: per held-out rating, log P(disagree) on the grid.
    static func predictive(weights: [Double], held: [[Double]]) -> [Double] {
        predictive(weights: weights, probabilities: held.map { $0.map { exp($0) } })
    }

    /// ``predictive(weights:held:)`` with each held-out rating's probabilities per grid point given directly (not
    /// their logarithms): callers that keep probability tables skip an `exp` per rating and grid point.
    static func predictive(weights: [Double], probabilities held: [[Double]]) -> [Double] {
        var mixture = [Double](repeating: 0, count: held.count + 1)
        var distribution = [Double](repeating: 0, count: held.count + 1)
        // Unsafe buffers: this loop runs for every tested hypothesis, and checked array writes cost a uniqueness test
        // each.
        mixture.withUnsafeMutableBufferPointer { mixture in
            distribution.withUnsafeMutableBufferPointer { distribution in
                for g in weights.indices where weights[g] > 1e-15 {
                    for index in 0..<distribution.count { distribution[index] = 0 }
                    distribution[0] = 1
                    for (index, rating) in held.enumerated() {
                        let p = rating[g]
                        var count = index + 1
                        while count > 0 {
                            distribution[count] = distribution[count] * (1 - p) + distribution[count - 1] * p
                            count -= 1
                        }
                        distribution[0] *= 1 - p
                    }
                    for index in 0..<mixture.count { mixture[index] += weights[g] * distribution[index] }
                }
            }
        }
        return mixture
    }

    /// Distribution of the sum of two independent counts.
    static func convolve(_ a: [Double], _ b: [Double]) -> [Double] {
        guard !a.isEmpty else { return b }
        guard !b.isEmpty else { return a }
        var result = [Double](repeating: 0, count: a.count + b.count - 1)
        for (i, x) in a.enumerated() where x > 0 {
            for (j, y) in b.enumerated() { result[i + j] += x * y }
        }
        return result
    }

    /// Upper tail P(X ≥ k) of a distribution over 0, 1, 2, …, summed from the top (accurate for tiny tails).
    static func upperTail(_ distribution: [Double], atLeast k: Int) -> Double {
        guard k > 0 else { return 1 }
        guard k < distribution.count else { return 0 }
        var total = 0.0
        for index in stride(from: distribution.count - 1, through: k, by: -1) { total += distribution[index] }
        return min(1, max(0, total))
    }
}
