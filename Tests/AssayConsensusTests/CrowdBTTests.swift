import Foundation
import Testing

@testable import AssayConsensus

struct CrowdBTTests {
    /// Spearman-free check: fraction of item pairs ordered as the truth.
    static func concordance(_ scores: [Double], _ truth: [Double]) -> Double {
        var agree = 0
        var total = 0
        for i in 0..<scores.count {
            for j in (i + 1)..<scores.count {
                total += 1
                if (scores[i] - scores[j]) * (truth[i] - truth[j]) > 0 { agree += 1 }
            }
        }
        return Double(agree) / Double(total)
    }

    @Test("Reversed annotators get low reliability and the ranking survives them")
    func adversaries() throws {
        let (data, theta) = try SyntheticCrowd.pairwise(
            items: 60, comparisons: 6000, annotators: 20, tieRate: 0.1, adversarialFraction: 0.3, seed: 7)
        let bt = try BradleyTerry.fit(data, options: .init(virtualComparisons: 0.5))
        let crowd = try CrowdBT.fit(data)
        #expect(crowd.converged)
        for a in 0..<6 { #expect(crowd.reliability[a] < 0.2, "reversed annotator \(a): η = \(crowd.reliability[a])") }
        for a in 6..<20 { #expect(crowd.reliability[a] > 0.8, "honest annotator \(a): η = \(crowd.reliability[a])") }
        let cBT = Self.concordance(bt.scores, theta)
        let cCrowd = Self.concordance(crowd.scores, theta)
        #expect(cCrowd > cBT + 0.02, "Crowd-BT \(cCrowd) vs BT \(cBT)")
        #expect(cCrowd > 0.85)
    }

    @Test("Crowd-BT on LLMFAO keeps the top models of plain BT and is deterministic")
    func llmfao() throws {
        let d = try BradleyTerryReferenceTests.load("llmfao/crowd-comparisons.csv", worker: true)
        let a = try CrowdBT.fit(d.comparisons)
        let b = try CrowdBT.fit(d.comparisons)
        #expect(a == b)
        #expect(a.reliability.allSatisfy { $0 > 0 && $0 < 1 })
        let best = a.scores.indices.max { a.scores[$0] < a.scores[$1] }!
        #expect(d.names[best] == "GPT 4")
    }

    @Test("Pairwise judgements map to 3 canonical classes")
    func canonical() throws {
        let c = try PairwiseComparisons(
            annotators: [0, 1, 2], firsts: [7, 3, 3], seconds: [3, 7, 5], outcomes: [.firstBetter, .secondBetter, .tie],
            itemCount: 8, annotatorCount: 3)
        let (labels, pairs) = c.canonicalLabels()
        #expect(pairs.map { [$0.first, $0.second] } == [[3, 5], [3, 7]])
        #expect(labels.items == [1, 1, 0])
        #expect(labels.labels == [1, 1, 2])
        #expect(labels.classCount == 3)
    }

    @Test("Pairwise Dawid–Skene on LLMFAO models ties as a class")
    func pairwiseDS() throws {
        let d = try BradleyTerryReferenceTests.load("llmfao/crowd-comparisons.csv", worker: true)
        let (labels, pairs) = d.comparisons.canonicalLabels()
        #expect(pairs.count == labels.itemCount)
        let fit = try DawidSkene.fit(labels)
        let tieShare = Double(fit.result.labels.filter { $0 == 2 }.count) / Double(labels.itemCount)
        #expect(tieShare > 0.05 && tieShare < 0.95, "share of pairs resolved as ties: \(tieShare)")
        #expect(fit.result.converged)
    }

    @Test("Rankings expand to all implied pairs with ties")
    func rankings() throws {
        let (c, w) = try Rankings.expandToPairs(
            annotators: [0, 0, 0], rankings: [4, 4, 4], items: [2, 0, 1], ranks: [1, 2, 2], itemCount: 3, annotatorCount: 1)
        #expect(c.firsts == [2, 2, 0] && c.seconds == [0, 1, 1])
        #expect(c.outcomes == [.firstBetter, .firstBetter, .tie])
        #expect(w == [0.5, 0.5, 0.5])
    }
}
