import Testing

@testable import AssayConsensus

struct GoldAndWeightTests {
    @Test("Full gold reproduces the truth and empirical accuracies")
    func fullGold() throws {
        let d = try Fixtures.dataset("Duck")
        let gold = d.gold.map { max($0, -1) }
        let fit = try GoldAnchoredDawidSkene.fit(d.data, gold: gold)
        #expect(d.accuracy(fit.result.labels) == 1)
        var hit = [Double](repeating: 0, count: d.data.annotatorCount)
        var n = hit
        for r in 0..<d.data.count {
            let a = Int(d.data.annotators[r])
            n[a] += 1
            if d.data.labels[r] == gold[Int(d.data.items[r])] { hit[a] += 1 }
        }
        for a in 0..<n.count where n[a] > 0 { #expect(abs(fit.result.annotatorAccuracy[a] - hit[a] / n[a]) < 1e-12) }
    }

    @Test("A fifth of the items as gold lifts accuracy on the rest (Dog)")
    func partialGold() throws {
        let d = try Fixtures.dataset("Dog")
        var gold = [Int32](repeating: -1, count: d.gold.count)
        for i in stride(from: 0, to: gold.count, by: 5) where d.gold[i] >= 0 { gold[i] = d.gold[i] }
        let plain = try DawidSkene.fit(d.data).result.labels
        let anchored = try GoldAnchoredDawidSkene.fit(d.data, gold: gold).result.labels
        func heldOut(_ labels: [Int32]) -> Double {
            var hit = 0
            var n = 0
            for i in d.gold.indices where gold[i] < 0 && d.gold[i] >= 0 {
                n += 1
                if labels[i] == d.gold[i] { hit += 1 }
            }
            return Double(hit) / Double(n)
        }
        #expect(heldOut(anchored) >= heldOut(plain), "anchored \(heldOut(anchored)) vs plain \(heldOut(plain))")
    }

    typealias WeightCase = (AnnotatorWeight.Reputation, Double?, Int, Double)
    static let weightCases: [WeightCase] = [
        (AnnotatorWeight.Reputation(), nil, 0, 0.6),
        (AnnotatorWeight.Reputation(goldCorrect: 95, goldTotal: 100), nil, 0, 2 * (99.0 / 105) - 1),
        (AnnotatorWeight.Reputation(goldCorrect: 5, goldTotal: 10), nil, 0, 2 * (9.0 / 15) - 1),
        (AnnotatorWeight.Reputation(), 0.5, 1000, 2 * (29.0 / 55) - 1),
        (AnnotatorWeight.Reputation(pastWeights: [0], pastAges: [1]), nil, 0, 2 * (6.5 / 10) - 1),
    ]

    @Test("Final weight: newcomer, gold evidence, history decay, snapshot", arguments: weightCases)
    func weight(_ row: (AnnotatorWeight.Reputation, Double?, Int, Double)) throws {
        let w = try AnnotatorWeight.weight(reputation: row.0, snapshotAccuracy: row.1, snapshotLabels: row.2, classCount: 2)
        #expect(abs(w - row.3) < 1e-12, "\(w) vs \(row.3)")
        #expect(w >= 0 && w <= 1)
    }

    @Test("Weights from a DS fit rank a spammer below good annotators")
    func weightsFromFit() throws {
        let (data, _) = try SyntheticCrowd.categorical(items: 2000, labelsPerItem: 5, annotators: 40, classes: 3, seed: 3)
        let fit = try DawidSkene.fit(data)
        let w = try AnnotatorWeight.weights(fit: fit.result, data: data)
        #expect(w.allSatisfy { $0 >= 0 && $0 <= 1 })
        let worst = fit.result.annotatorAccuracy.indices.min { fit.result.annotatorAccuracy[$0] < fit.result.annotatorAccuracy[$1] }!
        let best = fit.result.annotatorAccuracy.indices.max { fit.result.annotatorAccuracy[$0] < fit.result.annotatorAccuracy[$1] }!
        #expect(w[worst] < w[best])
    }

    @Test("Synthetic symmetric noise: one-coin beats majority vote, DS keeps up")
    func synthetic() throws {
        let (data, truth) = try SyntheticCrowd.categorical(items: 5000, labelsPerItem: 5, annotators: 100, classes: 5, seed: 11)
        // Errors here are symmetric, so one-coin is the right model and full DS pays for its
        // 20 extra parameters per annotator; both must stay close to or beat majority vote.
        func acc(_ l: [Int32]) -> Double { Double(zip(l, truth).filter { $0 == $1 }.count) / 5000 }
        let ds = acc(try DawidSkene.fit(data).result.labels)
        let oc = acc(try OneCoinDawidSkene.fit(data).result.labels)
        let mv = acc(try MajorityVote.fit(data).labels)
        #expect(oc > mv + 0.004, "one-coin \(oc) MV \(mv)")
        #expect(ds > mv - 0.003, "DS \(ds) MV \(mv)")
    }
}
