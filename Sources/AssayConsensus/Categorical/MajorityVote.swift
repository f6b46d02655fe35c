/// (Weighted) majority vote.
///
/// Each item's label is the class with the largest total annotator weight:
///
///     ŷ_i = argmax_k  Σ_{(a, i, y) : y = k} w_a
///
/// and its posterior is the normalised weight, `P(y_i = k) = W_ik / Σ_k' W_ik'`. With all
/// weights 1 this is plain majority vote (crowd-kit's `MajorityVote`).
///
/// **Tie rule (deterministic):** when several classes share the largest weight the lowest
/// class index wins. The CLI maps labels to indices in sorted order, so a tie goes to the
/// label that sorts first. Items without labels get class 0 with a uniform posterior.
///
/// **How to check:** on Snow et al. (2008) RTE (10 binary labels per item, so many 5–5 ties),
/// plain majority vote with ties to class `0` gives 735/800 = 0.91875 against gold; crowd-kit
/// 1.4.2, which breaks ties by sampling, reports 0.8750.
public enum MajorityVote {
    /// Runs (weighted) majority vote.
    /// - Parameters:
    ///   - data: the labels.
    ///   - weights: one non-negative weight per annotator; `nil` means every annotator counts 1.
    public static func fit(_ data: CategoricalLabels, weights: [Double]? = nil) throws(ConsensusError) -> CategoricalResult {
        if let w = weights {
            try checkLength(w.count, data.annotatorCount, name: "weights")
            for (a, x) in w.enumerated() where !(x >= 0) || !x.isFinite {
                throw .invalidParameter(name: "weights[\(a)]", reason: "must be finite and non-negative, got \(x)")
            }
        }
        let k = data.classCount
        var post = data.voteCounts(weights: weights)
        normalizeRows(&post, rows: data.itemCount, k: k)
        let labels = rowArgmax(post, rows: data.itemCount, k: k)
        let acc = annotatorAgreementWith(labels: labels, data: data)
        return CategoricalResult(
            labels: labels, posteriors: post, classCount: k, iterations: 0, converged: true,
            logLikelihood: 0, annotatorAccuracy: acc)
    }
}

/// Normalises each row of a flat `rows × k` matrix to sum 1; an all-zero row becomes uniform.
func normalizeRows(_ m: inout [Double], rows: Int, k: Int) {
    m.withUnsafeMutableBufferPointer { p in
        for i in 0..<rows {
            var s = 0.0
            for c in 0..<k { s += p[i * k + c] }
            if s > 0 {
                let inv = 1 / s
                for c in 0..<k { p[i * k + c] *= inv }
            } else {
                for c in 0..<k { p[i * k + c] = 1 / Double(k) }
            }
        }
    }
}

/// Fraction of each annotator's labels that equal `labels` (0.5 for an annotator with no labels).
func annotatorAgreementWith(labels: [Int32], data: CategoricalLabels) -> [Double] {
    var hit = [Double](repeating: 0, count: data.annotatorCount)
    var n = [Double](repeating: 0, count: data.annotatorCount)
    for r in 0..<data.count {
        let a = Int(data.annotators[r])
        n[a] += 1
        if labels[Int(data.items[r])] == data.labels[r] { hit[a] += 1 }
    }
    return (0..<data.annotatorCount).map { n[$0] > 0 ? hit[$0] / n[$0] : 0.5 }
}
