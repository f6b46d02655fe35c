#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small, dependency-free statistics that rules commonly need.
public enum RuleMath {
    /// The median of `values` (NaN when empty). Does not modify the input.
    public static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Median absolute deviation from the median, scaled by 1.4826 so it estimates σ for normal data.
    public static func scaledMAD(_ values: [Double], median center: Double) -> Double {
        1.4826 * median(values.map { abs($0 - center) })
    }

    /// Standard normal cumulative distribution function Φ(z).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// log |Γ(x)| with `lgamma_r`: glibc's `lgamma` writes the global `signgam`, which is a data race when rules
    /// run on several threads (the API promises evaluation from any thread).
    private static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// Natural log of the binomial probability P(X = k), X ~ Bin(n, p).
    public static func logBinomialPMF(_ k: Int, _ n: Int, _ p: Double) -> Double {
        let logChoose = logGamma(Double(n + 1)) - logGamma(Double(k + 1)) - logGamma(Double(n - k + 1))
        let success = k == 0 ? 0 : Double(k) * log(p)
        let failure = k == n ? 0 : Double(n - k) * log1p(-p)
        return logChoose + success + failure
    }

    /// Exact two-sided binomial test p-value for `k` successes in `n` trials with success probability `p`
    /// (sum of the probabilities of all outcomes no more likely than the observed one).
    public static func binomialTwoSidedPValue(successes k: Int, trials n: Int, p: Double = 0.5) -> Double {
        guard n > 0 else { return 1 }
        let observed = logBinomialPMF(k, n, p)
        var total = 0.0
        for outcome in 0...n {
            let logP = logBinomialPMF(outcome, n, p)
            if logP <= observed + 1e-7 { total += exp(logP) }
        }
        return min(1, total)
    }

    /// Lower tail of the binomial distribution, P(X ≤ k) for X ~ Bin(n, p).
    public static func binomialCDF(_ k: Int, trials n: Int, p: Double) -> Double {
        guard k >= 0 else { return 0 }
        guard k < n else { return 1 }
        var total = 0.0
        for outcome in 0...k { total += exp(logBinomialPMF(outcome, n, p)) }
        return min(1, total)
    }
}
