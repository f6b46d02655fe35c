import Foundation

/// Dawid–Skene truth inference with a full confusion matrix per annotator.
///
/// After A. P. Dawid and A. M. Skene, "Maximum Likelihood Estimation of Observer Error-Rates
/// Using the EM Algorithm", *Applied Statistics* 28(1), 1979. Same model as crowd-kit's
/// `DawidSkene`.
///
/// **Model.** Each item `i` has a hidden true class `z_i ~ Categorical(π)`. Annotator `a`
/// labels an item of true class `k` as `y` with probability `θ_a[k, y]` (one row-stochastic
/// `K × K` confusion matrix per annotator), independently across labels:
///
///     P(z_i = k | Y) ∝ π_k · Π_{(a, i, y)} θ_a[k, y]                              (E-step)
///     θ_a[k, y] = (α + Σ_{(a, i, y)} P(z_i = k)) / (Kα + Σ_{(a, i, ·)} P(z_i = k))   (M-step)
///     π_k = (1 + Σ_i P(z_i = k)) / (K + #items)
///
/// `α` (`Options.smoothing`) is a symmetric Dirichlet (Laplace when `α = 1`) pseudo-count
/// that keeps rare cells of sparse annotators away from 0 and 1. EM starts from the (weighted)
/// majority-vote posteriors — the share of votes per class, as crowd-kit does — runs an M-step,
/// then alternates E and M until no posterior moves by more than `tolerance` or
/// `maxIterations` is reached. The E-step works in log space.
///
/// **Gold anchoring.** With `Options.gold`, control items clamp their posterior to the known
/// class in every E-step (and in the initialisation), so the confusion matrices are anchored on
/// them; see `GoldAnchoredDawidSkene`.
///
/// **Determinism.** Rows are visited in input order, items and classes in index order; the
/// argmax tie goes to the lowest class index. No hashing is involved.
///
/// **Cost.** Per iteration `O(labels × K)` time. Rows are grouped by item once (a counting
/// sort, one `Int32` per label); with `K ≤ 8` every (annotator, label) row of the log-confusion
/// table is one SIMD8 vector, so the E-step is a gather-add and the M-step a scatter-add of
/// 8-wide vectors. Memory: `annotators × K × max(K, 8)` doubles for the tables and `items × K`
/// doubles for posteriors (plus the majority-vote start) on top of the input columns
/// (10M labels, 5 classes: 229 MB peak RSS for the whole `assay bench consensus` process).
///
/// **How to check.** Accuracy against gold with the defaults on the Zheng et al. (2017) and
/// Snow et al. (2008) sets: Duck 0.8889, Dog 0.8426, RTE 0.9300, TEMP 0.9416, WSD 0.9944
/// (crowd-kit 1.4.2: .8889/.8426/.9275/.9416/.9944); see `DawidSkeneReferenceTests`.
public enum DawidSkene {
    /// Settings of the EM run.
    public struct Options: Sendable, Equatable {
        /// Upper bound on EM iterations.
        public var maxIterations: Int
        /// Stop when no posterior changes by more than this between iterations.
        public var tolerance: Double
        /// Dirichlet pseudo-count `α` added to every confusion cell.
        public var smoothing: Double
        /// Per-annotator weights for the majority-vote initialisation (`nil`: all 1).
        public var initialWeights: [Double]?
        /// Known class per item, `-1` where unknown (`nil`: no gold).
        public var gold: [Int32]?
        /// Pseudo-labels per confusion row drawn toward the population's pooled confusion matrix (0: none, the
        /// classic model). A hierarchical prior in the spirit of community Dawid–Skene (Venanzi et al., WWW 2014):
        /// an annotator with few labels is treated like the average annotator instead of getting a free matrix that
        /// echoes their own votes (with one label per item the classic model is not identifiable and collapses).
        public var populationShrinkage: Double
        /// A label that says nothing about which of classes 0 and 1 is true (a pairwise *tie* between "first
        /// better" and "second better"), or `nil`. With it, every annotator's probability of giving this label is
        /// constrained to be the same under class 0 and class 1 (`θ_a[0, d] = θ_a[1, d]`, the M-step's pooled
        /// share), and under class `d` itself labels 0 and 1 are equally likely (`θ_a[d, 0] = θ_a[d, 1]`): the label
        /// can move mass between "tie" and the strict classes but never tilts one strict class against the other.
        /// Without it, the sampling noise in how often an annotator happened to say "tie" under each class becomes
        /// evidence of direction, and with many ties per item it can outvote the item's strict votes. Requires at
        /// least three classes; other classes' rows are unconstrained.
        public var directionlessLabel: Int32?

        /// Creates options; the defaults follow crowd-kit (100 iterations) with Laplace smoothing (`α = 1`).
        public init(
            maxIterations: Int = 100, tolerance: Double = 1e-7, smoothing: Double = 1,
            initialWeights: [Double]? = nil, gold: [Int32]? = nil, populationShrinkage: Double = 0,
            directionlessLabel: Int32? = nil
        ) {
            self.populationShrinkage = populationShrinkage
            self.directionlessLabel = directionlessLabel
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.smoothing = smoothing
            self.initialWeights = initialWeights
            self.gold = gold
        }
    }

    /// Fitted model: the categorical result plus the confusion matrices and class prior.
    public struct Fit: Sendable, Equatable {
        /// Labels, posteriors, accuracies and convergence information.
        public var result: CategoricalResult
        /// Flat `annotators × K × K`: `confusion[(a·K + k)·K + y] = P(label y | truth k, annotator a)`.
        public var confusion: [Double]
        /// Class prior `π`.
        public var classPriors: [Double]
    }

    /// Runs Dawid–Skene EM.
    public static func fit(_ data: CategoricalLabels, options: Options = Options()) throws(ConsensusError) -> Fit {
        try categoricalEM(data, options: options, model: .full)
    }
}

/// The annotator noise model shared by the Dawid–Skene family.
enum ConfusionModel {
    /// A full `K × K` confusion matrix per annotator.
    case full
    /// One accuracy per annotator, errors spread uniformly (one-coin).
    case oneCoin
}

/// The EM engine behind `DawidSkene`, `OneCoinDawidSkene` and `GoldAnchoredDawidSkene`.
func categoricalEM(
    _ data: CategoricalLabels, options: DawidSkene.Options, model: ConfusionModel, itemPrior: (any ItemPriorModel)? = nil
) throws(ConsensusError) -> DawidSkene.Fit {
    guard options.maxIterations >= 0 else {
        throw .invalidParameter(name: "maxIterations", reason: "must be non-negative")
    }
    guard options.smoothing >= 0, options.smoothing.isFinite else {
        throw .invalidParameter(name: "smoothing", reason: "must be finite and non-negative")
    }
    guard options.populationShrinkage >= 0, options.populationShrinkage.isFinite else {
        throw .invalidParameter(name: "populationShrinkage", reason: "must be finite and non-negative")
    }
    if let d = options.directionlessLabel {
        guard data.classCount >= 3, d >= 0, d < Int32(data.classCount) else {
            throw .invalidParameter(name: "directionlessLabel", reason: "must be a label index of a model with at least 3 classes")
        }
        guard model == .full else {
            throw .invalidParameter(name: "directionlessLabel", reason: "needs the full confusion model")
        }
    }
    if let g = options.gold {
        try checkLength(g.count, data.itemCount, name: "gold")
        for (i, v) in g.enumerated() where v < -1 || v >= Int32(data.classCount) {
            throw .indexOutOfRange(column: "gold", row: i, value: v, count: data.classCount)
        }
    }
    let k = data.classCount
    let nItems = data.itemCount
    let nAnn = data.annotatorCount
    let n = data.count

    // Initialise from (weighted) majority vote.
    var post = try MajorityVote.fit(data, weights: options.initialWeights).posteriors
    let gold = options.gold ?? []
    clampGold(&post, gold: gold, k: k)

    // Rows grouped by item (CSR, input order kept inside an item), each row stored as the
    // index a·K + y of its (annotator, label) row in the padded tables below.
    var start = [Int](repeating: 0, count: nItems + 1)
    for i in data.items { start[Int(i) + 1] += 1 }
    for i in 0..<nItems { start[i + 1] += start[i] }
    var rowKey = [Int32](repeating: 0, count: n)
    do {
        var fill = start
        for r in 0..<n {
            let i = Int(data.items[r])
            rowKey[fill[i]] = data.annotators[r] &* Int32(k) &+ data.labels[r]
            fill[i] += 1
        }
    }
    // Tables indexed [(a·K + y)·S + t] with S = 8 for K ≤ 8 (one SIMD8 vector per row).
    let stride = k <= 8 ? 8 : k
    var logThetaT = [Double](repeating: 0, count: nAnn * k * stride)
    var confusion = [Double](repeating: 0, count: nAnn * k * k)  // [(a*K + k)*K + y]
    var counts = [Double](repeating: 0, count: nAnn * k * stride)
    var prior = [Double](repeating: 1 / Double(k), count: k)
    var hasLabel = [Bool](repeating: false, count: nItems)
    for i in 0..<nItems { hasLabel[i] = start[i + 1] > start[i] }

    var iterations = 0
    var converged = false
    var logLik = 0.0
    let alpha = options.smoothing
    let shrinkage = options.populationShrinkage
    let directionless = options.directionlessLabel.map(Int.init)

    func mStep() {
        counts.withUnsafeMutableBufferPointer { c in
            c.update(repeating: 0)
            post.withUnsafeBufferPointer { p in
                rowKey.withUnsafeBufferPointer { key in
                    accumulateCounts(c, p, key, start, k: k, stride: stride)
                }
            }
        }
        var totals = [Double](repeating: 1, count: k)
        for i in 0..<nItems where hasLabel[i] {
            for t in 0..<k { totals[t] += post[i * k + t] }
        }
        let tsum = totals.reduce(0, +)
        for t in 0..<k { prior[t] = totals[t] / tsum }
        itemPrior?.update(posteriors: post, hasLabel: hasLabel, k: k)
        // The population's confusion matrix (rows normalised), the mean of the shrinkage prior.
        var population = [Double](repeating: 0, count: k * k)
        if shrinkage > 0 {
            for a in 0..<nAnn {
                let ab = a * k * stride
                for t in 0..<k { for y in 0..<k { population[t * k + y] += counts[ab + y * stride + t] } }
            }
            for t in 0..<k {
                var row = 0.0
                for y in 0..<k { row += population[t * k + y] }
                for y in 0..<k { population[t * k + y] = row > 0 ? population[t * k + y] / row : (t == y ? 1 : 0) }
            }
        }
        for a in 0..<nAnn {
            let ab = a * k * stride
            let cb = a * k * k
            switch model {
            case .full:
                for t in 0..<k {
                    var row = 0.0
                    for y in 0..<k { row += counts[ab + y * stride + t] }
                    let denom = row + Double(k) * alpha + shrinkage
                    for y in 0..<k {
                        let v =
                            denom > 0
                            ? (counts[ab + y * stride + t] + alpha + shrinkage * population[t * k + y]) / denom : (t == y ? 1 : 0)
                        confusion[cb + t * k + y] = v
                        logThetaT[ab + y * stride + t] = Foundation.log(v)
                    }
                }
                if let d = directionless {
                    // The directionless label has one probability under classes 0 and 1: the pooled share of both rows
                    // (smoothing and shrinkage included); each row's other cells keep their split of the rest.
                    var num = 0.0
                    var den = 0.0
                    for t in 0..<2 {
                        var row = 0.0
                        for y in 0..<k { row += counts[ab + y * stride + t] }
                        num += counts[ab + d * stride + t] + alpha + shrinkage * population[t * k + d]
                        den += row + Double(k) * alpha + shrinkage
                    }
                    let share = num / den
                    for t in 0..<2 {
                        let old = confusion[cb + t * k + d]
                        for y in 0..<k {
                            let v = y == d ? share : confusion[cb + t * k + y] * (1 - share) / (1 - old)
                            confusion[cb + t * k + y] = v
                            logThetaT[ab + y * stride + t] = Foundation.log(v)
                        }
                    }
                    // Under class d itself (a true tie) a strict label has no direction either: labels 0 and 1 share
                    // their mass evenly. Without this the unconstrained row d could mimic class 1 and take its place.
                    let even = (confusion[cb + d * k] + confusion[cb + d * k + 1]) / 2
                    for y in 0..<2 {
                        confusion[cb + d * k + y] = even
                        logThetaT[ab + y * stride + d] = Foundation.log(even)
                    }
                }
            case .oneCoin:
                var right = 0.0
                var total = 0.0
                for t in 0..<k {
                    for y in 0..<k {
                        total += counts[ab + y * stride + t]
                        if t == y { right += counts[ab + y * stride + t] }
                    }
                }
                let acc = total + 2 * alpha > 0 ? (right + alpha) / (total + 2 * alpha) : 0.5
                let off = k > 1 ? (1 - acc) / Double(k - 1) : 0
                let logAcc = Foundation.log(acc)
                let logOff = Foundation.log(off)
                for t in 0..<k {
                    for y in 0..<k {
                        confusion[cb + t * k + y] = k == 1 ? 1 : (t == y ? acc : off)
                        logThetaT[ab + y * stride + t] = k == 1 ? 0 : (t == y ? logAcc : logOff)
                    }
                }
            }
        }
    }

    mStep()
    while iterations < options.maxIterations {
        iterations += 1
        let logPrior = prior.map { Foundation.log($0) }
        let (delta, ll) = post.withUnsafeMutableBufferPointer { p in
            logThetaT.withUnsafeBufferPointer { lt in
                rowKey.withUnsafeBufferPointer { key in
                    expectation(
                        p, lt, key, start, logPrior: logPrior, itemLogPrior: itemPrior?.logPrior ?? [], gold: gold, k: k,
                        stride: stride)
                }
            }
        }
        logLik = ll
        mStep()
        if delta <= options.tolerance {
            converged = true
            break
        }
    }

    let labels = rowArgmax(post, rows: nItems, k: k)
    // Accuracy: mean posterior probability that the annotator's label is the truth.
    var hit = [Double](repeating: 0, count: nAnn)
    var cnt = [Double](repeating: 0, count: nAnn)
    for r in 0..<n {
        let a = Int(data.annotators[r])
        hit[a] += post[Int(data.items[r]) * k + Int(data.labels[r])]
        cnt[a] += 1
    }
    let acc = (0..<nAnn).map { cnt[$0] > 0 ? hit[$0] / cnt[$0] : 1 / Double(k) }
    let result = CategoricalResult(
        labels: labels, posteriors: post, classCount: k, iterations: iterations,
        converged: converged, logLikelihood: logLik, annotatorAccuracy: acc)
    return DawidSkene.Fit(result: result, confusion: confusion, classPriors: prior)
}

/// M-step accumulation: `c[(a·K + y)·S + t] += P(z_i = t)` for every row, item by item.
private func accumulateCounts(
    _ c: UnsafeMutableBufferPointer<Double>, _ p: UnsafeBufferPointer<Double>, _ key: UnsafeBufferPointer<Int32>,
    _ start: [Int], k: Int, stride: Int
) {
    let nItems = start.count - 1
    if stride == 8 {
        let raw = UnsafeMutableRawPointer(c.baseAddress!)
        for i in 0..<nItems where start[i + 1] > start[i] {
            var pv = SIMD8<Double>()
            for t in 0..<k { pv[t] = p[i &* k &+ t] }
            for r in start[i]..<start[i + 1] {
                let off = Int(key[r]) &* 64
                let cur = raw.loadUnaligned(fromByteOffset: off, as: SIMD8<Double>.self)
                raw.storeBytes(of: cur + pv, toByteOffset: off, as: SIMD8<Double>.self)
            }
        }
    } else {
        let cb = c.baseAddress!
        for i in 0..<nItems {
            let src = p.baseAddress! + i &* k
            for r in start[i]..<start[i + 1] {
                let dst = cb + Int(key[r]) &* stride
                for t in 0..<k { dst[t] += src[t] }
            }
        }
    }
}

/// E-step: posteriors from the log prior and the rows' log-likelihoods, item by item.
/// Returns the largest posterior change and the log-likelihood of the labelled items.
private func expectation(
    _ p: UnsafeMutableBufferPointer<Double>, _ lt: UnsafeBufferPointer<Double>, _ key: UnsafeBufferPointer<Int32>,
    _ start: [Int], logPrior: [Double], itemLogPrior: [Double], gold: [Int32], k: Int, stride: Int
) -> (Double, Double) {
    let nItems = start.count - 1
    var maxDelta = 0.0
    var ll = 0.0
    var product = 1.0
    var local = [Double](repeating: 0, count: k)
    let raw = UnsafeRawPointer(lt.baseAddress!)
    var lp0 = SIMD8<Double>(repeating: -.infinity)
    if stride == 8 { for t in 0..<k { lp0[t] = logPrior[t] } }
    for i in 0..<nItems {
        let labelled = start[i + 1] > start[i]
        if !itemLogPrior.isEmpty {
            if stride == 8 {
                for t in 0..<k { lp0[t] = itemLogPrior[i &* k &+ t] }
            } else {
                for t in 0..<k { local[t] = itemLogPrior[i &* k &+ t] }
            }
        }
        if stride == 8 {
            var acc = lp0
            for r in start[i]..<start[i + 1] {
                acc += raw.loadUnaligned(fromByteOffset: Int(key[r]) &* 64, as: SIMD8<Double>.self)
            }
            for t in 0..<k { local[t] = acc[t] }
        } else {
            if itemLogPrior.isEmpty { for t in 0..<k { local[t] = logPrior[t] } }
            for r in start[i]..<start[i + 1] {
                let src = lt.baseAddress! + Int(key[r]) &* stride
                for t in 0..<k { local[t] += src[t] }
            }
        }
        var m = -Double.infinity
        for t in 0..<k where local[t] > m { m = local[t] }
        var s = 0.0
        for t in 0..<k {
            // Below e^-60 (≈ 9e-27) a class's posterior is set to exactly 0: far under any
            // tolerance, and it skips most exp calls on decisive items.
            let x = local[t] - m
            let e = x < -60 ? 0 : Foundation.exp(x)
            local[t] = e
            s += e
        }
        if labelled {
            // log Σ exp, with the logs of the sums (each in [1, K]) batched into one product.
            ll += m
            product *= s
            if product > 1e250 {
                ll += Foundation.log(product)
                product = 1
            }
        }
        let inv = 1 / s
        let g = gold.isEmpty ? -1 : Int(gold[i])
        let b = i &* k
        for t in 0..<k {
            let v = g >= 0 ? (t == g ? 1.0 : 0.0) : local[t] * inv
            let d = Swift.abs(v - p[b + t])
            if d > maxDelta { maxDelta = d }
            p[b + t] = v
        }
    }
    return (maxDelta, ll + Foundation.log(product))
}

/// Sets the posterior of each gold item to the one-hot vector of its known class.
func clampGold(_ post: inout [Double], gold: [Int32], k: Int) {
    guard !gold.isEmpty else { return }
    for (i, g) in gold.enumerated() where g >= 0 {
        for t in 0..<k { post[i * k + t] = t == Int(g) ? 1 : 0 }
    }
}
