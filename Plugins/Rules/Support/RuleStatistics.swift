// Shared by the built-in rules: each rule folder links this file (a symlink), so every plugin compiles its own
// internal copy and no second module is linked into the host. Candidates for `RuleMath` in a later API version.
import AssayPluginAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Exact tail probabilities and multiple-testing control used by the built-in rules.
enum Stats {
    /// log |Γ(x)|, thread-safe: `lgamma_r` instead of glibc's `lgamma`, which writes the global `signgam` (a data
    /// race when rules run on several threads, as the rule API allows).
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// log C(n, k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        logGamma(Double(n + 1)) - logGamma(Double(k + 1)) - logGamma(Double(n - k + 1))
    }

    /// log B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        logGamma(a) + logGamma(b) - logGamma(a + b)
    }

    /// Upper binomial tail P(X ≥ k), X ~ Bin(n, p), summed term by term (accurate for tiny tails).
    static func binomialUpper(_ k: Int, trials n: Int, p: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        if p <= 0 { return 0 }
        if p >= 1 { return 1 }
        var total = 0.0
        for outcome in k...n { total += exp(RuleMath.logBinomialPMF(outcome, n, p)) }
        return min(1, total)
    }

    /// Lower binomial tail P(X ≤ k), X ~ Bin(n, p).
    static func binomialLower(_ k: Int, trials n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        if p <= 0 { return 1 }
        if p >= 1 { return 0 }
        var total = 0.0
        for outcome in 0...k { total += exp(RuleMath.logBinomialPMF(outcome, n, p)) }
        return min(1, total)
    }

    /// One-sided Fisher exact test (enrichment): for the 2×2 table with `x` of the `rowTotal` marked cases among
    /// the `columnTotal` selected ones out of `total`, P(X ≥ x) under the hypergeometric null.
    static func fisherGreater(x: Int, selected columnTotal: Int, marked rowTotal: Int, total: Int) -> Double {
        let low = max(x, 0)
        let high = min(columnTotal, rowTotal)
        guard low <= high else { return 0 }
        let denominator = logChoose(total, columnTotal)
        var sum = 0.0
        for value in low...high {
            let rest = total - rowTotal
            let other = columnTotal - value
            guard other >= 0, other <= rest else { continue }
            sum += exp(logChoose(rowTotal, value) + logChoose(rest, other) - denominator)
        }
        return min(1, sum)
    }

    /// Lower tail of the beta-binomial distribution, P(X ≤ k) for X ~ BetaBin(n, α, β).
    static func betaBinomialLower(_ k: Int, trials n: Int, alpha: Double, beta: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        let base = logBeta(alpha, beta)
        var total = 0.0
        for value in 0...k {
            total += exp(logChoose(n, value) + logBeta(Double(value) + alpha, Double(n - value) + beta) - base)
        }
        return min(1, total)
    }

    /// Upper tail of the beta-binomial distribution, P(X ≥ k) for X ~ BetaBin(n, α, β), summed term by term.
    static func betaBinomialUpper(_ k: Int, trials n: Int, alpha: Double, beta: Double) -> Double {
        guard k > 0 else { return 1 }
        guard k <= n else { return 0 }
        let base = logBeta(alpha, beta)
        var total = 0.0
        for value in k...n {
            total += exp(logChoose(n, value) + logBeta(Double(value) + alpha, Double(n - value) + beta) - base)
        }
        return min(1, total)
    }

    /// Upper Poisson tail P(X ≥ k), X ~ Poisson(λ).
    static func poissonUpper(_ k: Int, mean lambda: Double) -> Double {
        guard k > 0 else { return 1 }
        guard lambda > 0 else { return 0 }
        var total = 0.0
        var value = k
        while true {
            let term = exp(Double(value) * log(lambda) - lambda - logGamma(Double(value + 1)))
            total += term
            if (Double(value) > lambda && term < total * 1e-12) || value > k + 100_000 { break }
            value += 1
        }
        return min(1, total)
    }

    /// Fisher's method for independent p-values: P(χ²₂ₖ ≥ −2 Σ log pᵢ).
    static func fisherCombined(_ pValues: [Double]) -> Double {
        guard !pValues.isEmpty else { return 1 }
        let half = pValues.reduce(0) { $0 - log(max($1, 1e-300)) }
        var term = 1.0
        var sum = 1.0
        for index in 1..<pValues.count {
            term *= half / Double(index)
            sum += term
        }
        return min(1, exp(-half) * sum)
    }

    /// Benjamini–Hochberg adjusted p-values (q-values), in the input order.
    static func benjaminiHochberg(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let order = pValues.indices.sorted { pValues[$0] < pValues[$1] }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m - 1, through: 0, by: -1) {
            let index = order[rank]
            running = min(running, pValues[index] * Double(m) / Double(rank + 1))
            adjusted[index] = min(1, running)
        }
        return adjusted
    }

    /// Weighted Benjamini–Hochberg (Genovese, Roeder & Wasserman 2006, "False discovery control with p-value
    /// weighting", Biometrika 93): BH on pᵢ / wᵢ, with weights of mean 1 fixed independently of the p-values
    /// they weight. FDR stays at the level; hypotheses that outside evidence makes likely get a larger share of
    /// it. Returns adjusted values (q-values) in the input order; all weights 1 is plain BH.
    static func weightedBenjaminiHochberg(_ pValues: [Double], weights: [Double]) -> [Double] {
        precondition(pValues.count == weights.count, "one weight per p-value")
        return benjaminiHochberg(zip(pValues, weights).map { $1 > 0 ? min(1, $0 / $1) : 1 })
    }

    /// Tarone's screen for discrete tests (Tarone 1990; with BH, Gilbert 2005): a hypothesis whose smallest
    /// *achievable* p-value (from its margins alone) cannot reach the level is not testable and leaves the family.
    /// Returns which hypotheses stay: the smallest K with #{i : pMinᵢ ≤ α/K} ≤ K defines the family. Because
    /// the screen uses margins only, BH on the survivors keeps its guarantee while the family shrinks to the
    /// hypotheses that could ever be discoveries.
    static func taroneFamily(minimumPValues pMin: [Double], alpha: Double) -> [Bool] {
        guard !pMin.isEmpty else { return [] }
        let sorted = pMin.sorted()
        var k = 1
        while k < pMin.count {
            // Number of p_min ≤ alpha / k, by binary search.
            let level = alpha / Double(k)
            var low = 0
            var high = sorted.count
            while low < high {
                let middle = (low + high) / 2
                if sorted[middle] <= level { low = middle + 1 } else { high = middle }
            }
            if low <= k { break }
            k += 1
        }
        let level = alpha / Double(k)
        return pMin.map { $0 <= level }
    }

    /// Smallest achievable one-sided Fisher p-value for the margins (all `selected` cases among the marked ones).
    static func fisherMinimum(selected columnTotal: Int, marked rowTotal: Int, total: Int) -> Double {
        fisherGreater(x: min(columnTotal, rowTotal), selected: columnTotal, marked: rowTotal, total: total)
    }

    /// Method-of-moments beta fit to (correct, trials) pairs (Kleinman 1973); nil when there is nothing to fit.
    static func fitBeta(_ counts: [(k: Int, n: Int)]) -> (alpha: Double, beta: Double)? {
        let totalN = Double(counts.reduce(0) { $0 + $1.n })
        let groups = Double(counts.count)
        guard groups >= 2, totalN > 0 else { return nil }
        var mean = Double(counts.reduce(0) { $0 + $1.k }) / totalN
        mean = min(max(mean, 0.5 / totalN), 1 - 0.5 / totalN)
        var spread = 0.0
        var squares = 0.0
        for (k, n) in counts {
            let share = Double(k) / Double(n)
            spread += Double(n) * (share - mean) * (share - mean)
            squares += Double(n) * Double(n)
        }
        spread /= groups - 1
        let effectiveN = (totalN - squares / totalN) / (groups - 1)
        let binomial = mean * (1 - mean)
        var rho = effectiveN > 1 ? (spread - binomial) / (binomial * (effectiveN - 1)) : 0
        rho = min(max(rho, 1e-4), 0.5)
        let size = (1 - rho) / rho
        return (mean * size, (1 - mean) * size)
    }

    /// A number rounded for a summary sentence.
    static func short(_ value: Double, digits: Int = 2) -> String {
        guard value.isFinite else { return String(value) }
        if value != 0, abs(value) < 0.001 {
            var exponent = 0
            var mantissa = abs(value)
            while mantissa < 1 {
                mantissa *= 10
                exponent -= 1
            }
            return "\(value < 0 ? "-" : "")\(Double(Int((mantissa * 10).rounded())) / 10)e\(exponent)"
        }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return String((value * scale).rounded() / scale)
    }

    /// Percentage of a share, rounded.
    static func percent(_ share: Double) -> String { "\(Int((share * 100).rounded()))%" }
}

/// Pairwise-consensus helpers shared by the rules that compare an annotator with the weighted consensus.
enum PairwiseConsensus {
    /// For each item: the consensus-preferred canonical position (0 or 1) when the consensus is confident
    /// (posterior of that side ≥ `confidence`), else −1. Uses `ConsensusView.pairwisePosterior`; without it,
    /// a plain majority of the strict pairwise votes (preference share ≥ `confidence`, at least 3 votes).
    static func preferred(_ snapshot: SnapshotView, _ consensus: ConsensusView, confidence: Double) -> [Int8] {
        let items = snapshot.items.count
        var result = [Int8](repeating: -1, count: items)
        if consensus.pairwisePosterior.count == 3 * items, items > 0 {
            for item in 0..<items {
                guard let posterior = consensus.posterior(ofItem: item) else { continue }
                if posterior.first >= confidence { result[item] = 0 } else if posterior.second >= confidence { result[item] = 1 }
            }
            return result
        }
        let ratings = snapshot.ratings
        for item in 0..<items {
            var votes = (0, 0)
            for row in snapshot.ratingRows(ofItem: item) where ratings.kind[Int(row)] == RatingKind.pairwise.rawValue {
                switch ratings.choice[Int(row)] {
                case PairwiseChoice.first: votes.0 += 1
                case PairwiseChoice.second: votes.1 += 1
                default: break
                }
            }
            let total = votes.0 + votes.1
            guard total >= 3 else { continue }
            if Double(votes.0) / Double(total) >= confidence {
                result[item] = 0
            } else if Double(votes.1) / Double(total) >= confidence {
                result[item] = 1
            }
        }
        return result
    }

    /// Set of lowercased word tokens of a text.
    static func tokenSet(_ text: String) -> Set<String> {
        Set(SnapshotView.tokens(of: text).map(String.init))
    }
}

/// Interns word tokens to dense ids and counts, for each token, how many documents (prompts,
/// responses) contain it — the document frequency the token rules use to skip common words.
struct TokenVocabulary {
    private var ids: [String: Int32] = [:]
    /// The token of each id.
    private(set) var names: [String] = []
    /// Documents containing each token id.
    private(set) var documentFrequency: [Int] = []

    /// The distinct token ids of one document, sorted; the document counts once for each.
    mutating func add(document tokens: [Substring]) -> [Int32] {
        var distinct = Set<Int32>()
        for token in tokens {
            let word = String(token)
            if let known = ids[word] {
                distinct.insert(known)
            } else {
                let id = Int32(names.count)
                ids[word] = id
                names.append(word)
                documentFrequency.append(0)
                distinct.insert(id)
            }
        }
        for id in distinct { documentFrequency[Int(id)] += 1 }
        return distinct.sorted()
    }
}

/// Graph helpers for the group rules (collusion rings, sybil bursts).
enum Graph {
    /// The connected components of an undirected graph given as adjacency lists (every edge listed from both
    /// ends), each sorted, in the order of their smallest node.
    static func connectedComponents<Neighbours: Sequence>(_ neighbours: [Int: Neighbours]) -> [[Int]]
    where Neighbours.Element == Int {
        var visited = Set<Int>()
        var components: [[Int]] = []
        for start in neighbours.keys.sorted() where !visited.contains(start) {
            var component: [Int] = []
            var stack = [start]
            visited.insert(start)
            while let node = stack.popLast() {
                component.append(node)
                guard let adjacent = neighbours[node] else { continue }
                for next in adjacent where visited.insert(next).inserted { stack.append(next) }
            }
            components.append(component.sorted())
        }
        return components
    }
}
