import AssayConsensus
import Testing

/// The display-slot bias of `PooledDawidSkene`: where a task fixes left and right, the truth may favour one side.
@Suite struct DisplayLayoutPriorTests {
    /// Pairs with a fixed layout each (±1 at random), the better response shown second with probability
    /// `secondShare`; `ratings` ratings per pair by annotators right with probability 0.7 (ties never).
    static func world(items: Int, secondShare: Double, ratings: Int = 4, seed: UInt64) throws -> (
        data: CategoricalLabels, first: [Int32], second: [Int32], layout: [Int8], truth: [Int32]
    ) {
        var rng = SplitMix64(seed: seed)
        var layout: [Int8] = []
        var truth: [Int32] = []
        var annotators: [Int32] = []
        var labelItems: [Int32] = []
        var labels: [Int32] = []
        for item in 0..<items {
            let sign: Int8 = rng.nextUnit() < 0.5 ? 1 : -1
            layout.append(sign)
            let betterShownSecond = rng.nextUnit() < secondShare
            // sign +1: slot 0 shown first, so "shown second is better" means slot 1 is.
            let better: Int32 = (sign == 1) == betterShownSecond ? 1 : 0
            truth.append(better)
            for _ in 0..<ratings {
                annotators.append(Int32(rng.nextInt(60)))
                labelItems.append(Int32(item))
                labels.append(rng.nextUnit() < 0.7 ? better : 1 - better)
            }
        }
        let data = try CategoricalLabels(
            annotators: annotators, items: labelItems, labels: labels, annotatorCount: 60, itemCount: items, classCount: 3)
        return (data, (0..<items).map { Int32(2 * $0) }, (0..<items).map { Int32(2 * $0 + 1) }, layout, truth)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func aTruthImbalancedByPositionIsLearnedAndHelps(seed: UInt64) throws {
        let w = try Self.world(items: 2_000, secondShare: 0.7, seed: seed)
        let options = DawidSkene.Options(populationShrinkage: 5)
        let withLayout = try PooledDawidSkene.fit(
            w.data, first: w.first, second: w.second, objectCount: 4_000, layout: w.layout, options: options)
        let without = try PooledDawidSkene.fit(w.data, first: w.first, second: w.second, objectCount: 4_000, options: options)
        // log(0.3 / 0.7) ≈ −0.85: the response shown first is the better one 30% of the time. With four votes per
        // pair, a 2 : 2 item is decided by the prior: the likelier side is right 70% of the time, not 50%.
        #expect(withLayout.displayBias < -0.5 && withLayout.displayBias > -1.3, "display bias \(withLayout.displayBias)")
        #expect(without.displayBias == 0)
        let a = PooledDawidSkeneTests.accuracy(withLayout.dawidSkene.result.posteriors, truth: w.truth)
        let b = PooledDawidSkeneTests.accuracy(without.dawidSkene.result.posteriors, truth: w.truth)
        #expect(a > b + 0.02, "with layout \(a), without \(b)")
    }

    @Test func aBalancedTruthLeavesTheDisplayBiasNearZero() throws {
        let w = try Self.world(items: 2_000, secondShare: 0.5, seed: 4)
        let fit = try PooledDawidSkene.fit(
            w.data, first: w.first, second: w.second, objectCount: 4_000, layout: w.layout,
            options: DawidSkene.Options(populationShrinkage: 5))
        #expect(abs(fit.displayBias) < 0.2, "display bias \(fit.displayBias)")
    }

    @Test func refusesALayoutOfTheWrongLengthOrValue() throws {
        let w = try Self.world(items: 20, secondShare: 0.5, seed: 1)
        #expect(throws: ConsensusError.self) {
            try PooledDawidSkene.fit(w.data, first: w.first, second: w.second, objectCount: 40, layout: [1])
        }
        #expect(throws: ConsensusError.self) {
            try PooledDawidSkene.fit(
                w.data, first: w.first, second: w.second, objectCount: 40, layout: [Int8](repeating: 2, count: 20))
        }
    }
}
