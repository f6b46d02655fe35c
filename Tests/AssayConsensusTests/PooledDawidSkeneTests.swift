import AssayConsensus
import Testing

/// `PooledDawidSkene`: Dawid–Skene with a Bradley–Terry prior over responses that recur across pairs.
@Suite struct PooledDawidSkeneTests {
    /// A sparse comparative-judgement world: `responses` responses with latent qualities, `items` pairs drawn
    /// among them (so each response recurs in several pairs), one rating per pair by one of `annotators`
    /// annotators who prefer the better response with probability 0.72 (ties never). Returns the data, the
    /// object of each pair's two slots and the truth (0 = first better).
    static func world(responses: Int, items: Int, annotators: Int, seed: UInt64) throws -> (
        data: CategoricalLabels, first: [Int32], second: [Int32], truth: [Int32]
    ) {
        var rng = SplitMix64(seed: seed)
        let quality = (0..<responses).map { _ in rng.nextGaussian() }
        var first: [Int32] = []
        var second: [Int32] = []
        var truth: [Int32] = []
        var labelAnnotators: [Int32] = []
        var labelItems: [Int32] = []
        var labels: [Int32] = []
        while first.count < items {
            let x = rng.nextInt(responses)
            let y = rng.nextInt(responses)
            guard x != y else { continue }
            let item = Int32(first.count)
            first.append(Int32(x))
            second.append(Int32(y))
            let better: Int32 = quality[x] > quality[y] ? 0 : 1
            truth.append(better)
            labelAnnotators.append(Int32(rng.nextInt(annotators)))
            labelItems.append(item)
            labels.append(rng.nextUnit() < 0.72 ? better : 1 - better)
        }
        let data = try CategoricalLabels(
            annotators: labelAnnotators, items: labelItems, labels: labels, annotatorCount: annotators, itemCount: items, classCount: 3)
        return (data, first, second, truth)
    }

    static func accuracy(_ posteriors: [Double], truth: [Int32]) -> Double {
        var right = 0
        for (i, t) in truth.enumerated() {
            let chosen: Int32 = posteriors[3 * i] >= posteriors[3 * i + 1] ? 0 : 1
            if chosen == t { right += 1 }
        }
        return Double(right) / Double(truth.count)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func poolingBeatsPerItemWhenResponsesRecur(seed: UInt64) throws {
        // 300 responses in 1,500 pairs: each response recurs in about 10 pairs, each pair has one rating.
        let w = try Self.world(responses: 300, items: 1_500, annotators: 60, seed: seed)
        let plain = try DawidSkene.fit(w.data)
        let pooled = try PooledDawidSkene.fit(w.data, first: w.first, second: w.second, objectCount: 300)
        let plainAccuracy = Self.accuracy(plain.result.posteriors, truth: w.truth)
        let pooledAccuracy = Self.accuracy(pooled.dawidSkene.result.posteriors, truth: w.truth)
        #expect(pooled.recurringObjects > 250)
        // One rating per pair: per-item Dawid–Skene can only echo it (≈ 0.72); pooling across pairs does better.
        #expect(plainAccuracy < 0.76)
        #expect(pooledAccuracy > plainAccuracy + 0.05, "pooled \(pooledAccuracy) vs per item \(plainAccuracy)")
    }

    @Test func withoutRecurringResponsesItIsDawidSkene() throws {
        // Every pair has its own two responses: nothing to pool, every strength stays 0.
        var (data, _, _, truth) = try Self.world(responses: 300, items: 800, annotators: 40, seed: 7)
        let first = (0..<800).map { Int32(2 * $0) }
        let second = (0..<800).map { Int32(2 * $0 + 1) }
        // Three ratings per item so the per-item posteriors are not trivial.
        var rng = SplitMix64(seed: 99)
        var annotators = data.annotators
        var items = data.items
        var labels = data.labels
        for item in 0..<800 {
            for _ in 0..<2 {
                annotators.append(Int32(rng.nextInt(40)))
                items.append(Int32(item))
                labels.append(rng.nextUnit() < 0.72 ? truth[item] : 1 - truth[item])
            }
        }
        data = try CategoricalLabels(annotators: annotators, items: items, labels: labels, annotatorCount: 40, itemCount: 800, classCount: 3)
        let plain = try DawidSkene.fit(data)
        // The plain model's unconstrained tie cells, so only the Bradley–Terry prior differs.
        let pooled = try PooledDawidSkene.fit(
            data, first: first, second: second, objectCount: 1_600, pooling: .init(directionlessTies: false))
        #expect(pooled.recurringObjects == 0)
        #expect(pooled.strengths.allSatisfy { $0 == 0 })
        var same = 0
        for i in 0..<800 where plain.result.labels[i] == pooled.dawidSkene.result.labels[i] { same += 1 }
        #expect(same >= 796, "labels differ on \(800 - same) items")
    }

    @Test func refusesBadInput() throws {
        let w = try Self.world(responses: 10, items: 20, annotators: 5, seed: 1)
        #expect(throws: ConsensusError.self) {
            try PooledDawidSkene.fit(w.data, first: w.first, second: w.second, objectCount: 5)
        }
        #expect(throws: ConsensusError.self) {
            try PooledDawidSkene.fit(w.data, first: Array(w.first.dropLast()), second: w.second, objectCount: 10)
        }
    }
}
