// Shared by `entity-promotion` and `trigger-backdoor` (a symlink in each plugin folder, like RuleStatistics.swift).
import AssayPluginAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// How hard an item is for one of its raters, read from the *other* raters only: their votes weighted by the
/// consensus weight of each annotator (scaled to mean 1 over annotators with a weight; 1 without consensus), the
/// side they prefer, and x = log((W_minority + ½) / (W_majority + ½)), the smoothed log-odds that another rater
/// voted against that side. Unanimous others give a low x (every other rater got it "right"), a split item x near
/// 0. Leaving the rater out keeps their own vote from making an item look easy or hard, and judging the rater
/// against the others (not the consensus, which contains their vote) keeps the difficulty independent of the
/// vote it explains. Weights keep spammers and rings from making an item look contested.
struct LeaveOneOut {
    private let first: [Double]
    private let second: [Double]
    private let weight: [Double]
    private let items: [Int32]
    private let choices: [Int8]
    private let annotators: [Int32]

    init(_ snapshot: SnapshotView, _ consensus: ConsensusView) {
        let ratings = snapshot.ratings
        let known = consensus.weight.filter { $0.isFinite && $0 > 0 }
        let scale = known.isEmpty ? 1 : Double(known.count) / known.reduce(0, +)
        weight = (0..<snapshot.annotators.count).map { index in
            index < consensus.weight.count && consensus.weight[index].isFinite && consensus.weight[index] > 0 ? consensus.weight[index] * scale : 1
        }
        var first = [Double](repeating: 0, count: snapshot.items.count)
        var second = first
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let w = weight[Int(ratings.annotator[row])]
            if ratings.choice[row] == PairwiseChoice.first {
                first[Int(ratings.item[row])] += w
            } else if ratings.choice[row] == PairwiseChoice.second {
                second[Int(ratings.item[row])] += w
            }
        }
        self.first = first
        self.second = second
        items = ratings.item
        choices = ratings.choice
        annotators = ratings.annotator
    }

    /// The other raters of rating `row`'s item: the side (0 or 1) they prefer and the log-odds against it; nil when
    /// they are split evenly (or there are none).
    func others(of row: Int) -> (side: Int, logOdds: Double)? {
        let item = Int(items[row])
        let w = weight[Int(annotators[row])]
        let a = first[item] - (choices[row] == PairwiseChoice.first ? w : 0)
        let b = second[item] - (choices[row] == PairwiseChoice.second ? w : 0)
        guard abs(a - b) > 1e-9 else { return nil }
        return a > b ? (0, log((b + 0.5) / (a + 0.5))) : (1, log((a + 0.5) / (b + 0.5)))
    }
}

/// An annotator's own, difficulty-aware baseline for "how often would they pick this side anyway": every strict
/// pairwise rating is judged against the other raters of its item (``LeaveOneOut``), a ``DisagreementModel`` per
/// class of rating is fitted to the whole population, and a set of held-out ratings — the opportunities of one
/// token — gets the posterior-predictive distribution of how many of them go to a named side, from the annotator's
/// *other* ratings and each held-out item's difficulty.
///
/// A held-out rating picks the named side with probability P(against the others) when the others rejected that
/// side, P(with the others) when they preferred it, and ½ when they were split evenly (no reference). Classes
/// (e.g. whether the side the others reject is clearly the longer) each get their own annotator ability.
struct DifficultyBaseline {
    let classes: Int
    private(set) var models: [DisagreementModel] = []
    private var ratingClass: [Int8]
    private var ratingSide: [Int8]
    private var ratingLevel: [Int32]
    private var choices: [Int8]
    private var levelLog: [[(yes: [Double], no: [Double])]] = []
    /// `exp` of `levelLog`, computed once (the predictive needs probabilities, per held-out rating and grid point).
    private var levelProbability: [[(yes: [Double], no: [Double])]] = []
    private var likelihood: [[[Double]]] = []
    private static let coin = [Double](repeating: -0.6931471805599453, count: DisagreementModel.grid.count)
    /// `exp` of ``coin``, as the predictive computed it from the log.
    private static let coinProbability = coin.map { exp($0) }

    /// - Parameters:
    ///   - classOf: the class (0 ..< classes) of a rating, given its row and the side the others prefer.
    ///   - fallbackScale: the prior's spread (logit scale) when too few annotators can be fitted.
    init(
        _ snapshot: SnapshotView, _ consensus: ConsensusView, classes: Int = 1, fallbackScale: (Double) -> Double = { _ in 2 },
        classOf: (Int, Int) -> Int = { _, _ in 0 }
    ) {
        self.classes = classes
        let ratings = snapshot.ratings
        let others = LeaveOneOut(snapshot, consensus)
        ratingClass = [Int8](repeating: -1, count: ratings.count)
        ratingSide = [Int8](repeating: -1, count: ratings.count)
        ratingLevel = [Int32](repeating: 0, count: ratings.count)
        choices = ratings.choice
        var levels: [Double] = []
        var levelIndex: [Int: Int32] = [:]
        // Per annotator and class: difficulty level (x to 0.1) → (ratings, against the others).
        var own = [[[Int32: (n: Int, k: Int)]]](
            repeating: [[Int32: (n: Int, k: Int)]](repeating: [:], count: classes), count: snapshot.annotators.count)
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let choice = ratings.choice[row]
            guard choice == PairwiseChoice.first || choice == PairwiseChoice.second, snapshot.items.responseCount(of: Int(ratings.item[row])) == 2,
                let reference = others.others(of: row)
            else { continue }
            let stratum = classOf(row, reference.side)
            let key = Int((reference.logOdds * 10).rounded())
            let level: Int32
            if let known = levelIndex[key] {
                level = known
            } else {
                level = Int32(levels.count)
                levelIndex[key] = level
                levels.append(Double(key) / 10)
            }
            ratingClass[row] = Int8(stratum)
            ratingSide[row] = Int8(reference.side)
            ratingLevel[row] = level
            let annotator = Int(ratings.annotator[row])
            own[annotator][stratum][level, default: (0, 0)].n += 1
            if Int(choice) != reference.side { own[annotator][stratum][level]!.k += 1 }
        }
        for stratum in 0..<classes {
            // Levels in a fixed order: dictionary order changes from process to process, and floating-point sums in
            // another order change the fit in its last bits (and every p-value with it).
            let groups = own.map { $0[stratum].sorted { $0.key < $1.key }.map { (x: levels[Int($0.key)], n: $0.value.n, k: $0.value.k) } }
            if let fitted = DisagreementModel.fit(groups) {
                models.append(fitted)
            } else {
                let n = groups.reduce(0) { $0 + $1.reduce(0) { $0 + $1.n } }
                let k = groups.reduce(0) { $0 + $1.reduce(0) { $0 + $1.k } }
                let rate = (Double(k) + 1) / (Double(n) + 2)
                models.append(.around(rate: rate, scale: fallbackScale(rate)))
            }
        }
        levelLog = models.map { model in levels.map { model.logProbabilities(x: $0) } }
        levelProbability = levelLog.map { tables in tables.map { (yes: $0.yes.map { exp($0) }, no: $0.no.map { exp($0) }) } }
        let grid = DisagreementModel.grid.count
        likelihood = own.map { perClass in
            (0..<classes).map { stratum in
                var value = [Double](repeating: 0, count: grid)
                for (level, count) in perClass[stratum].sorted(by: { $0.key < $1.key }) {
                    let table = levelLog[stratum][Int(level)]
                    for g in 0..<grid { value[g] += Double(count.k) * table.yes[g] + Double(count.n - count.k) * table.no[g] }
                }
                return value
            }
        }
    }

    /// Per class with held-out ratings: the annotator's posterior over ability without them, and each held-out
    /// rating's P(picking its named side) per grid point; ratings whose others were split form one more part at ½
    /// each.
    func heldOut(_ annotator: Int, _ held: [(row: Int, side: Int)]) -> [(weights: [Double], held: [[Double]])] {
        let grid = DisagreementModel.grid.count
        var parts: [(weights: [Double], held: [[Double]])] = []
        var split: [[Double]] = []
        for (row, _) in held where ratingClass[row] < 0 { split.append(Self.coinProbability) }
        for stratum in 0..<classes {
            var value = likelihood[annotator][stratum]
            var tables: [[Double]] = []
            for (row, side) in held where ratingClass[row] == Int8(stratum) {
                let level = Int(ratingLevel[row])
                let table = levelLog[stratum][level]
                let against = Int(choices[row]) != Int(ratingSide[row])
                value.withUnsafeMutableBufferPointer { value in
                    let taken = against ? table.yes : table.no
                    for g in 0..<grid { value[g] -= taken[g] }
                }
                let probability = levelProbability[stratum][level]
                tables.append(side != Int(ratingSide[row]) ? probability.yes : probability.no)
            }
            if !tables.isEmpty { parts.append((models[stratum].posterior(logLikelihood: value), tables)) }
        }
        if !split.isEmpty { parts.append(([Double](repeating: 1 / Double(grid), count: grid), split)) }
        return parts
    }

    /// Posterior-predictive probability that every held-out rating picks its named side: the smallest p-value the
    /// upper-tail test can reach (for Tarone's screen).
    /// Computed in one pass per class, without building the posterior (called for every hypothesis): the ratio of
    /// Σ_g prior·likelihood·Π P(named side) to Σ_g prior·likelihood, in log space.
    func smallestPValue(_ annotator: Int, _ held: [(row: Int, side: Int)]) -> Double {
        let grid = DisagreementModel.grid.count
        var result = 1.0
        for (row, _) in held where ratingClass[row] < 0 { result *= 0.5 }
        var rest = [Double](repeating: 0, count: grid)
        var all = [Double](repeating: 0, count: grid)
        for stratum in 0..<classes {
            var any = false
            rest.withUnsafeMutableBufferPointer { rest in
                all.withUnsafeMutableBufferPointer { all in
                    for g in 0..<grid {
                        rest[g] = 0
                        all[g] = 0
                    }
                    for (row, side) in held where ratingClass[row] == Int8(stratum) {
                        any = true
                        let table = levelLog[stratum][Int(ratingLevel[row])]
                        let against = Int(choices[row]) != Int(ratingSide[row])
                        let named = side != Int(ratingSide[row])
                        table.yes.withUnsafeBufferPointer { yes in
                            table.no.withUnsafeBufferPointer { no in
                                for g in 0..<grid {
                                    rest[g] -= against ? yes[g] : no[g]
                                    all[g] += named ? yes[g] : no[g]
                                }
                            }
                        }
                    }
                }
            }
            guard any else { continue }
            let prior = models[stratum].logPrior
            let base = likelihood[annotator][stratum]
            var top = -Double.infinity
            for g in 0..<grid {
                rest[g] += prior[g] + base[g]
                top = max(top, rest[g])
            }
            var denominator = 0.0
            var numerator = 0.0
            for g in 0..<grid {
                let w = exp(rest[g] - top)
                denominator += w
                numerator += w * exp(all[g])
            }
            result *= min(1, numerator / denominator)
        }
        return result
    }

    /// Posterior-predictive P(at least k held-out ratings pick their named side), and the expected number.
    func upperTail(_ annotator: Int, _ held: [(row: Int, side: Int)], atLeast k: Int) -> (p: Double, expected: Double) {
        var distribution: [Double] = [1]
        var expected = 0.0
        for part in heldOut(annotator, held) {
            let predictive = DisagreementModel.predictive(weights: part.weights, probabilities: part.held)
            for (count, probability) in predictive.enumerated() { expected += Double(count) * probability }
            distribution = DisagreementModel.convolve(distribution, predictive)
        }
        return (DisagreementModel.upperTail(distribution, atLeast: k), expected)
    }
}
