import AssayIngest
import Foundation
import Testing

@testable import AssayConsensus

struct ScoreAggregationTests {
    static func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = x.reduce(0, +) / Double(x.count)
        let my = y.reduce(0, +) / Double(y.count)
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }

    @Test("Known offsets and noise levels are recovered")
    func synthetic() throws {
        var rng = SplitMix64(seed: 5)
        let nI = 400
        let nA = 20
        let truth = (0..<nI).map { _ in rng.nextGaussian() * 2 }
        let bias = (0..<nA).map { a in Double(a % 5) - 2 }  // -2...2, mean 0
        let sd = (0..<nA).map { a in a < 4 ? 3.0 : 0.3 }
        var ann: [Int32] = []
        var itm: [Int32] = []
        var sc: [Double] = []
        for i in 0..<nI {
            var chosen: Set<Int> = []
            while chosen.count < 5 { chosen.insert(rng.nextInt(nA)) }
            for a in chosen.sorted() {
                ann.append(Int32(a))
                itm.append(Int32(i))
                sc.append(truth[i] + bias[a] + sd[a] * rng.nextGaussian())
            }
        }
        let d = try ScoreRatings(annotators: ann, items: itm, scores: sc, annotatorCount: nA, itemCount: nI)
        let fit = try AnnotatorBiasModel.fit(d, options: .init(biasShrinkage: 1, variancePrior: 2))
        #expect(fit.converged)
        for a in 0..<nA {
            // ~100 ratings each: standard error ≈ 0.3 for the noisy four (sd 3), ≈ 0.05 for the rest.
            let tol = sd[a] > 1 ? 1.0 : 0.25
            #expect(abs(fit.bias[a] - bias[a]) < tol, "annotator \(a): \(fit.bias[a]) vs \(bias[a])")
        }
        #expect(fit.noiseVariance[0] > 10 * fit.noiseVariance[10])
        let plain = try AnnotatorBiasModel.fit(d, options: .init(estimateBias: false, estimateVariance: false))
        func rmse(_ m: [Double]) -> Double { (zip(m, truth).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(nI)).squareRoot() }
        #expect(rmse(fit.itemMeans) < 0.5 * rmse(plain.itemMeans), "\(rmse(fit.itemMeans)) vs \(rmse(plain.itemMeans))")
    }

    @Test("Snow et al. (2008) valence and anger: corrected means track the gold", arguments: ["valence", "anger"])
    func snow(_ name: String) throws {
        let tab = UInt8(ascii: "\t")
        let t = try DelimitedTable.parse(
            Fixtures.bytes("snow2008/\(name).standardized.tsv"), delimiter: tab,
            required: ["!amt_worker_ids", "orig_id", "response", "gold"])
        let d = try ScoreRatings(
            annotators: t[0].codes, items: t[1].codes, scores: t[2].codes.map { Double(t[2].names[Int($0)])! },
            annotatorCount: t[0].names.count, itemCount: t[1].names.count)
        var gold = [Double](repeating: 0, count: d.itemCount)
        for r in 0..<d.count { gold[Int(d.items[r])] = Double(t[3].names[Int(t[3].codes[r])])! }
        let fit = try AnnotatorBiasModel.fit(d)
        let plain = try AnnotatorBiasModel.fit(d, options: .init(estimateBias: false, estimateVariance: false))
        let cFit = Self.correlation(fit.itemMeans, gold)
        let cPlain = Self.correlation(plain.itemMeans, gold)
        // Pinned: the correction is roughly neutral on this small set (see AnnotatorBiasModel).
        let pinned: [String: (Double, Double)] = [
            "valence": (0.834295480081351, 0.8498048799290766), "anger": (0.7150857383344519, 0.7112845674175221),
        ]
        #expect(abs(cFit - pinned[name]!.0) < 1e-9, "\(name): corrected r = \(cFit)")
        #expect(abs(cPlain - pinned[name]!.1) < 1e-9, "\(name): plain r = \(cPlain)")
        #expect(cFit >= cPlain - 0.02)
    }
}
