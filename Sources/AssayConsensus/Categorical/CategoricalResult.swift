/// The outcome of a categorical truth-inference method.
public struct CategoricalResult: Sendable, Equatable {
    /// Inferred class per item (argmax of the posterior; ties go to the lowest class index).
    /// Items with no labels get the argmax of the class prior.
    public var labels: [Int32]
    /// Posterior class probabilities, flat `itemCount × classCount`, each row summing to 1.
    public var posteriors: [Double]
    /// Number of classes.
    public var classCount: Int
    /// EM iterations run (0 for one-pass methods).
    public var iterations: Int
    /// Whether the stopping tolerance was reached before the iteration limit.
    public var converged: Bool
    /// Log-likelihood of the observed labels at the end (0 for one-pass methods).
    public var logLikelihood: Double
    /// Estimated accuracy per annotator in `[0, 1]` (probability its label equals the truth).
    public var annotatorAccuracy: [Double]

    /// The posterior of the inferred label per item (the `confidence` column of `assay aggregate`).
    public var confidence: [Double] {
        (0..<labels.count).map { posteriors[$0 * classCount + Int(labels[$0])] }
    }

    /// Top-1 minus top-2 posterior per item: how decisively the item was resolved.
    public var margins: [Double] {
        let k = classCount
        return (0..<labels.count).map { i in
            var first = -Double.infinity
            var second = -Double.infinity
            for c in 0..<k {
                let p = posteriors[i * k + c]
                if p > first {
                    second = first
                    first = p
                } else if p > second {
                    second = p
                }
            }
            return k == 1 ? 1 : first - second
        }
    }
}

/// Argmax per row of a flat `rows × k` matrix; ties resolve to the lowest column.
@inline(__always)
func rowArgmax(_ m: [Double], rows: Int, k: Int) -> [Int32] {
    var out = [Int32](repeating: 0, count: rows)
    m.withUnsafeBufferPointer { p in
        for i in 0..<rows {
            var best = 0
            var bv = p[i * k]
            var c = 1
            while c < k {
                if p[i * k + c] > bv {
                    bv = p[i * k + c]
                    best = c
                }
                c += 1
            }
            out[i] = Int32(best)
        }
    }
    return out
}
