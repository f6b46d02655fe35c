import Testing

@testable import AssayConsensus

struct PlackettLuceTests {
    @Test("Rankings of two are Bradley–Terry (tie-free food.csv)")
    func reducesToBradleyTerry() throws {
        let food = try BradleyTerryReferenceTests.load("evalica/food.csv").comparisons
        var firsts: [Int32] = []
        var seconds: [Int32] = []
        var outcomes: [PairwiseOutcome] = []
        var offsets = [0]
        var items: [Int32] = []
        for r in 0..<food.count where food.outcomes[r] != .tie {
            firsts.append(food.firsts[r])
            seconds.append(food.seconds[r])
            outcomes.append(food.outcomes[r])
            let (w, l) = food.outcomes[r] == .firstBetter ? (food.firsts[r], food.seconds[r]) : (food.seconds[r], food.firsts[r])
            items += [w, l]
            offsets.append(items.count)
        }
        let bt = try BradleyTerry.fit(
            PairwiseComparisons(firsts: firsts, seconds: seconds, outcomes: outcomes, itemCount: food.itemCount))
        let pl = try PlackettLuce.fit(offsets: offsets, items: items, itemCount: food.itemCount)
        #expect(pl.converged)
        for i in 0..<food.itemCount { #expect(abs(pl.scores[i] - bt.scores[i]) < 1e-9) }
    }

    @Test("A three-item ranking model recovers the order of strengths")
    func recoversOrder() throws {
        var rng = SplitMix64(seed: 9)
        let strength: [Double] = [4, 2, 1, 0.5]
        var offsets = [0]
        var items: [Int32] = []
        for _ in 0..<4000 {
            var remaining = [0, 1, 2, 3]
            while !remaining.isEmpty {
                let total = remaining.map { strength[$0] }.reduce(0, +)
                var u = rng.nextUnit() * total
                var pick = remaining.count - 1
                for (q, i) in remaining.enumerated() {
                    u -= strength[i]
                    if u < 0 {
                        pick = q
                        break
                    }
                }
                items.append(Int32(remaining.remove(at: pick)))
            }
            offsets.append(items.count)
        }
        let fit = try PlackettLuce.fit(offsets: offsets, items: items, itemCount: 4)
        let expected = strength.map { $0 / 7.5 }
        for i in 0..<4 { #expect(abs(fit.scores[i] - expected[i]) < 0.02, "\(fit.scores)") }
    }
}
