import AssayConsensus
import Testing

/// A tie vote says nothing about which response is better (`PooledDawidSkene.Options.directionlessTies`,
/// `DawidSkene.Options.directionlessLabel`).
@Suite struct DirectionlessTieTests {
    /// Honest raters who call half of all pairs a tie whichever response is better, and otherwise prefer the better
    /// one with probability 0.75; five ratings per pair, no response recurs. Returns the labels (0 first, 1 second,
    /// 2 tie), the slots' objects and the truth.
    static func tieHeavyWorld(items: Int, annotators: Int, seed: UInt64) throws -> (
        data: CategoricalLabels, first: [Int32], second: [Int32], truth: [Int32]
    ) {
        var rng = SplitMix64(seed: seed)
        var truth: [Int32] = []
        var labelAnnotators: [Int32] = []
        var labelItems: [Int32] = []
        var labels: [Int32] = []
        for item in 0..<items {
            let better: Int32 = rng.nextUnit() < 0.5 ? 0 : 1
            truth.append(better)
            for _ in 0..<5 {
                labelAnnotators.append(Int32(rng.nextInt(annotators)))
                labelItems.append(Int32(item))
                if rng.nextUnit() < 0.5 {
                    labels.append(2)
                } else {
                    labels.append(rng.nextUnit() < 0.75 ? better : 1 - better)
                }
            }
        }
        let data = try CategoricalLabels(
            annotators: labelAnnotators, items: labelItems, labels: labels, annotatorCount: annotators, itemCount: items,
            classCount: 3)
        return (data, (0..<items).map { Int32(2 * $0) }, (0..<items).map { Int32(2 * $0 + 1) }, truth)
    }

    /// Items whose strict votes lean one way but whose posterior prefers the other response, and how many of
    /// those the posterior gets right.
    static func overturned(_ fit: DawidSkene.Fit, data: CategoricalLabels, truth: [Int32]) -> (count: Int, right: Int) {
        var lean = [Int](repeating: 0, count: truth.count)
        for (item, label) in zip(data.items, data.labels) where label < 2 {
            lean[Int(item)] += label == 0 ? 1 : -1
        }
        var count = 0
        var right = 0
        let p = fit.result.posteriors
        for item in truth.indices where lean[item] != 0 && p[3 * item] != p[3 * item + 1] {
            let chosen: Int32 = p[3 * item] > p[3 * item + 1] ? 0 : 1
            guard (chosen == 0) != (lean[item] > 0) else { continue }
            count += 1
            if chosen == truth[item] { right += 1 }
        }
        return (count, right)
    }

    @Test func everyAnnotatorsTieProbabilityIsTheSameUnderBothStrictClasses() throws {
        let w = try Self.tieHeavyWorld(items: 600, annotators: 120, seed: 1)
        let fit = try PooledDawidSkene.fit(w.data, first: w.first, second: w.second, objectCount: 1_200).dawidSkene
        let unconstrained = try PooledDawidSkene.fit(
            w.data, first: w.first, second: w.second, objectCount: 1_200, pooling: .init(directionlessTies: false)
        ).dawidSkene
        var largestGapUnconstrained = 0.0
        for a in 0..<120 {
            let row = a * 9
            #expect(abs(fit.confusion[row + 2] - fit.confusion[row + 3 + 2]) < 1e-12, "annotator \(a)")
            for t in 0..<3 {
                let sum = (0..<3).reduce(0.0) { $0 + fit.confusion[row + 3 * t + $1] }
                #expect(abs(sum - 1) < 1e-9, "annotator \(a), row \(t) sums to \(sum)")
            }
            largestGapUnconstrained = max(
                largestGapUnconstrained, abs(unconstrained.confusion[row + 2] - unconstrained.confusion[row + 3 + 2]))
        }
        // Without the constraint, sampling noise gives the tie cells different values under the two strict classes.
        #expect(largestGapUnconstrained > 0.05)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func tiesDoNotOverturnTheStrictVotes(seed: UInt64) throws {
        let w = try Self.tieHeavyWorld(items: 1_500, annotators: 200, seed: seed)
        // As the cleaning run fits it: each confusion row shrunk toward the population's by five pseudo-labels.
        let options = DawidSkene.Options(populationShrinkage: 5)
        let directionless = try PooledDawidSkene.fit(
            w.data, first: w.first, second: w.second, objectCount: 3_000, options: options
        ).dawidSkene
        let unconstrained = try PooledDawidSkene.fit(
            w.data, first: w.first, second: w.second, objectCount: 3_000, options: options, pooling: .init(directionlessTies: false)
        ).dawidSkene
        let fixed = Self.overturned(directionless, data: w.data, truth: w.truth)
        let noisy = Self.overturned(unconstrained, data: w.data, truth: w.truth)
        // With every rater the same kind of honest, a posterior that goes against the item's strict votes is noise:
        // the unconstrained model does it on many items and is right on fewer than half of them.
        #expect(noisy.count >= 20, "unconstrained overturned \(noisy.count)")
        #expect(2 * noisy.right < noisy.count, "unconstrained right on \(noisy.right) of \(noisy.count)")
        let accuracy = PooledDawidSkeneTests.accuracy(directionless.result.posteriors, truth: w.truth)
        let unconstrainedAccuracy = PooledDawidSkeneTests.accuracy(unconstrained.result.posteriors, truth: w.truth)
        #expect(
            fixed.count * 2 <= noisy.count && accuracy > unconstrainedAccuracy,
            "directionless overturned \(fixed.count) (right \(fixed.right)), accuracy \(accuracy); unconstrained \(noisy.count) (right \(noisy.right)), accuracy \(unconstrainedAccuracy)"
        )
    }

    @Test func refusesADirectionlessLabelWithoutATieClass() throws {
        let data = try CategoricalLabels(
            annotators: [0, 1], items: [0, 0], labels: [0, 1], annotatorCount: 2, itemCount: 1, classCount: 2)
        #expect(throws: ConsensusError.self) {
            try DawidSkene.fit(data, options: .init(directionlessLabel: 2))
        }
    }
}
