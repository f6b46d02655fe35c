/// Krippendorff's alpha reliability coefficient, for any number of coders and missing data.
///
/// After K. Krippendorff, *Computing Krippendorff's Alpha-Reliability* (2011), and
/// Hayes & Krippendorff, "Answering the Call for a Standard Reliability Measure for Coding
/// Data", *Communication Methods and Measures* 1(1), 2007. Same results as the Python package
/// `krippendorff` (0.9.0).
///
/// **Model.** Values that share a unit are *pairable*; units with fewer than two values are
/// dropped. The coincidence matrix counts every ordered pair of values within a unit `u` with
/// weight `1/(m_u − 1)`, where `m_u` is the number of values in `u`:
///
///     o_ck = Σ_u  #{(i, j), i ≠ j : v_i = c, v_j = k} / (m_u − 1)
///     n_c  = Σ_k o_ck,  n = Σ_c n_c
///     α    = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
///
/// with the difference function `δ²` of the level of measurement:
/// nominal `1[c ≠ k]`; ordinal `(Σ_{g=c}^{k} n_g − (n_c + n_k)/2)²` over the sorted values;
/// interval `(c − k)²`; ratio `((c − k)/(c + k))²`.
///
/// **Cost.** `O(values · log values)` to index the distinct values plus a dense
/// `V × V` coincidence matrix over the `V` distinct values (refused above 4,096 distinct values).
///
/// **How to check.** Krippendorff's (2011) example, 4 observers × 12 units with missing values
/// (`Fixtures/reference/evalica/codings.csv`): nominal 0.743421 (= 904/1216), ordinal 0.815388,
/// interval 0.849107, ratio 0.797403.
public enum KrippendorffAlpha {
    /// Level of measurement, choosing the difference function `δ²`.
    public enum Level: String, CaseIterable, Sendable {
        case nominal, ordinal, interval, ratio
    }

    /// Largest number of distinct values accepted (the coincidence matrix is `V × V`).
    public static let maxDistinctValues = 4096

    /// Computes alpha from parallel columns: `units[r]` is the unit of value `values[r]`.
    ///
    /// Each row is one coder's value for one unit; missing values are simply absent rows. For
    /// nominal data any numeric code per category works.
    /// - Returns: alpha, or `nil` when it is undefined (fewer than two pairable values, or no
    ///   disagreement expected by chance because all pairable values are equal).
    public static func compute(units: [Int32], values: [Double], unitCount: Int, level: Level) throws(ConsensusError) -> Double? {
        try checkLength(values.count, units.count, name: "values")
        try checkIndices(units, name: "units", count: unitCount)
        for (r, v) in values.enumerated() where !v.isFinite {
            throw .invalidParameter(name: "values[\(r)]", reason: "must be finite")
        }
        // Distinct values, sorted.
        var distinct = values.sorted()
        var w = 0
        for v in distinct where w == 0 || distinct[w - 1] != v {
            distinct[w] = v
            w += 1
        }
        distinct.removeLast(distinct.count - w)
        let nv = distinct.count
        guard nv <= maxDistinctValues else {
            throw .invalidParameter(name: "values", reason: "\(nv) distinct values; at most \(maxDistinctValues) are supported")
        }
        let code = values.map { v -> Int in
            var lo = 0
            var hi = nv - 1
            while lo < hi {
                let mid = (lo + hi) / 2
                if distinct[mid] < v { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        // Group rows by unit (counting sort keeps row order within a unit).
        var start = [Int](repeating: 0, count: unitCount + 1)
        for u in units { start[Int(u) + 1] += 1 }
        for u in 0..<unitCount { start[u + 1] += start[u] }
        var fill = start
        var byUnit = [Int](repeating: 0, count: units.count)
        for (r, u) in units.enumerated() {
            byUnit[fill[Int(u)]] = code[r]
            fill[Int(u)] += 1
        }
        var o = [Double](repeating: 0, count: nv * nv)
        var local = [Int](repeating: 0, count: nv)
        var present: [Int] = []
        for u in 0..<unitCount {
            let m = start[u + 1] - start[u]
            if m < 2 { continue }
            present.removeAll(keepingCapacity: true)
            for r in start[u]..<start[u + 1] {
                let c = byUnit[r]
                if local[c] == 0 { present.append(c) }
                local[c] += 1
            }
            let inv = 1 / Double(m - 1)
            for c in present {
                for k in present {
                    let pairs = c == k ? local[c] * (local[c] - 1) : local[c] * local[k]
                    o[c * nv + k] += Double(pairs) * inv
                }
            }
            for c in present { local[c] = 0 }
        }
        var nc = [Double](repeating: 0, count: nv)
        for c in 0..<nv { for k in 0..<nv { nc[c] += o[c * nv + k] } }
        let n = nc.reduce(0, +)
        guard n > 1 else { return nil }
        // Cumulative marginals for the ordinal metric.
        var cum = [Double](repeating: 0, count: nv + 1)
        for c in 0..<nv { cum[c + 1] = cum[c] + nc[c] }
        func delta2(_ c: Int, _ k: Int) -> Double {
            if c == k { return 0 }
            switch level {
            case .nominal: return 1
            case .ordinal:
                let (a, b) = c < k ? (c, k) : (k, c)
                let d = (cum[b + 1] - cum[a]) - (nc[a] + nc[b]) / 2
                return d * d
            case .interval:
                let d = distinct[c] - distinct[k]
                return d * d
            case .ratio:
                let s = distinct[c] + distinct[k]
                if s == 0 { return 0 }
                let d = (distinct[c] - distinct[k]) / s
                return d * d
            }
        }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<nv {
            for k in 0..<nv where k != c {
                let d = delta2(c, k)
                observed += o[c * nv + k] * d
                expected += nc[c] * nc[k] * d
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * observed / expected
    }

    /// Nominal (or, with `level`, ordinal/interval over the class indices) alpha of categorical labels.
    public static func compute(_ data: CategoricalLabels, level: Level = .nominal) throws(ConsensusError) -> Double? {
        try compute(units: data.items, values: data.labels.map { Double($0) }, unitCount: data.itemCount, level: level)
    }
}
