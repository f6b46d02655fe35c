import Foundation

/// The exact stratified test of shown-position 1.3: does an annotator's choice follow the display order?
///
/// Each strict choice falls in a stratum by the item's better response (canonical first, canonical second, or
/// unknown) and has a display (canonical order, or swapped) and a choice (the canonical first response, or the
/// second). When the display order is randomised, an annotator without position bias picks a canonical side
/// independently of the display — whatever their skill, whatever their liking for one label or one model — so,
/// within a stratum and given its margins, the number X of "canonical display and chose canonical first" is
/// hypergeometric. A position bias toward the first-shown response makes X large (canonical first when it is shown
/// first, canonical second when it is), toward the second-shown small. The statistic is S = Σ X over the strata;
/// its null distribution is the convolution of the strata's hypergeometrics (exact, as in the Mantel–Haenszel
/// setting; Mantel & Haenszel 1959), and the two-sided p-value is twice the smaller tail. Stratifying by the better
/// response keeps the test valid when the truth itself favours one display side. An annotator who always saw one
/// display order cannot be tested: position and label preference are then the same thing, and the smallest
/// achievable p-value is 1 (Tarone's screen leaves them out).
struct DisplayOrderTest {
    /// Per stratum: choices, choices with canonical display, choices of the canonical first response, and
    /// choices with canonical display *and* of the canonical first response.
    struct Stratum {
        var total = 0
        var canonicalDisplay = 0
        var choseCanonicalFirst = 0
        var canonicalAndFirst = 0
    }

    var strata = [Stratum](repeating: Stratum(), count: 3)

    /// Adds one strict choice. `better`: the canonical index of the better response, or nil when unknown.
    mutating func add(better: Int?, swapped: Bool, choseCanonicalFirst: Bool) {
        let index = better ?? 2
        strata[index].total += 1
        if !swapped { strata[index].canonicalDisplay += 1 }
        if choseCanonicalFirst { strata[index].choseCanonicalFirst += 1 }
        if !swapped && choseCanonicalFirst { strata[index].canonicalAndFirst += 1 }
    }

    /// The null distribution of S: offset (its smallest value) and probabilities.
    func nullDistribution() -> (offset: Int, probabilities: [Double]) {
        var offset = 0
        var distribution = [1.0]
        for stratum in strata where stratum.total > 0 {
            let low = max(0, stratum.canonicalDisplay + stratum.choseCanonicalFirst - stratum.total)
            let high = min(stratum.canonicalDisplay, stratum.choseCanonicalFirst)
            let denominator = Stats.logChoose(stratum.total, stratum.choseCanonicalFirst)
            let pmf = (low...high).map { x in
                exp(
                    Stats.logChoose(stratum.canonicalDisplay, x)
                        + Stats.logChoose(stratum.total - stratum.canonicalDisplay, stratum.choseCanonicalFirst - x) - denominator)
            }
            var next = [Double](repeating: 0, count: distribution.count + pmf.count - 1)
            for (i, p) in distribution.enumerated() where p > 0 {
                for (j, q) in pmf.enumerated() { next[i + j] += p * q }
            }
            distribution = next
            offset += low
        }
        return (offset, distribution)
    }

    /// The observed statistic S.
    var statistic: Int { strata.reduce(0) { $0 + $1.canonicalAndFirst } }

    /// Two-sided p-value and the direction: `favoursFirst` when S is above its null mean.
    func pValue() -> (p: Double, favoursFirst: Bool) {
        let (offset, probabilities) = nullDistribution()
        let s = statistic - offset
        let upper = probabilities[min(s, probabilities.count - 1)...].reduce(0, +)
        let lower = probabilities[...max(0, s)].reduce(0, +)
        return (min(1, 2 * min(upper, lower)), upper <= lower)
    }

    /// The smallest two-sided p-value the margins allow (for Tarone's screen).
    func minimumPValue() -> Double {
        let (_, probabilities) = nullDistribution()
        guard probabilities.count > 1 else { return 1 }
        return min(1, 2 * min(probabilities.first!, probabilities.last!))
    }
}
