import AssayConsensus
import AssayPluginAPI

/// Computes consensus over the kept ratings of a snapshot: pairwise by gold-anchored
/// Dawid–Skene (Dawid & Skene 1979; Raykar et al. 2010) with a Bradley–Terry prior over responses
/// that recur across items (`PooledDawidSkene`), rankings by annotator-weighted pair
/// votes, scores by the additive-bias/variance model, and one weight per annotator from the
/// Beta-reputation formula of `AnnotatorWeight` (see `Docs/weighting.md`).
enum ConsensusEngine {
    /// Pseudo-labels per confusion row drawn toward the population's confusion (`DawidSkene.Options.populationShrinkage`):
    /// five, as the newcomer prior of `AnnotatorWeight` is weighed like five labels.
    static let populationShrinkage = 5.0

    struct Settings: Sendable {
        /// Dawid–Skene EM settings.
        var dawidSkene = DawidSkene.Options()
        /// The Bradley–Terry prior over responses that recur across pairwise items.
        var pooling = PooledDawidSkene.Options()
        /// Weight formula constants.
        var weighting = AnnotatorWeight.Options()
        /// Centre the newcomer prior on this snapshot's population accuracy (pooled over every annotator's comparable
        /// labels), keeping its strength `α₀ + β₀`, instead of the fixed `α₀ / (α₀ + β₀)`. Off: on a small crowd whose
        /// pooled accuracy estimate falls to chance, it gives every annotator weight 0 and empties the dataset
        /// (Docs/weighting.md).
        var newcomerPriorFromPopulation = false
        /// A score is "in agreement" when within this share of its scale's range of the consensus.
        var scoreTolerance = 1.0 / 6.0
    }

    /// - Parameters:
    ///   - objects: the response objects of the snapshot's pairwise items (`ResponseObjects(view)`, built once per run).
    ///   - keep: per rating, whether it takes part.
    ///   - voteWeights: per annotator, the weight of their votes (rankings) and their DS
    ///     initialisation; `nil` for equal weights (first pass).
    ///   - histories: per annotator, weights of earlier runs, newest first.
    static func compute(
        _ view: SnapshotView, objects: ResponseObjects, keep: [Bool], voteWeights: [Double]?, histories: [[Double]],
        settings: Settings = Settings()
    ) throws -> ConsensusOutcome {
        let annotatorCount = view.annotators.count
        let itemCount = view.items.count
        let ratings = view.ratings
        var correctLabels = [Double](repeating: 0, count: annotatorCount)
        var comparable = [Int](repeating: 0, count: annotatorCount)
        var goldCorrect = [Int](repeating: 0, count: annotatorCount)
        var goldTotal = [Int](repeating: 0, count: annotatorCount)

        // Pairwise: Dawid–Skene over (first, second, tie).
        var posterior = [Double](repeating: .nan, count: 3 * itemCount)
        var compactItem = [Int32](repeating: -1, count: itemCount)
        var pairItems: [Int32] = []
        var dsAnnotators: [Int32] = []
        var dsItems: [Int32] = []
        var dsLabels: [Int32] = []
        for row in 0..<ratings.count where keep[row] && ratings.kind[row] == RatingKind.pairwise.rawValue && ratings.choice[row] >= 0 {
            let item = Int(ratings.item[row])
            if compactItem[item] < 0 {
                compactItem[item] = Int32(pairItems.count)
                pairItems.append(Int32(item))
            }
            dsAnnotators.append(ratings.annotator[row])
            dsItems.append(compactItem[item])
            dsLabels.append(Int32(ratings.choice[row]))
            if ratings.goldChoice[row] >= 0 {
                goldTotal[Int(ratings.annotator[row])] += 1
                if ratings.goldChoice[row] == ratings.choice[row] { goldCorrect[Int(ratings.annotator[row])] += 1 }
            }
        }
        var agreement = AgreementTable()
        if !dsLabels.isEmpty {
            let data = try CategoricalLabels(
                annotators: dsAnnotators, items: dsItems, labels: dsLabels, annotatorCount: annotatorCount,
                itemCount: pairItems.count, classCount: 3)
            var gold = [Int32](repeating: -1, count: pairItems.count)
            for row in 0..<ratings.count where keep[row] && ratings.goldChoice[row] >= 0 {
                let compact = compactItem[Int(ratings.item[row])]
                if compact >= 0 { gold[Int(compact)] = Int32(ratings.goldChoice[row]) }
            }
            var options = settings.dawidSkene
            options.initialWeights = voteWeights
            options.populationShrinkage = Self.populationShrinkage
            if gold.contains(where: { $0 >= 0 }) { options.gold = gold }
            let fit = try PooledDawidSkene.fit(
                data, first: pairItems.map { objects.first[Int($0)] }, second: pairItems.map { objects.second[Int($0)] },
                objectCount: objects.count, layout: pairItems.map { objects.layout[Int($0)] }, options: options,
                pooling: settings.pooling
            ).dawidSkene
            for (compact, item) in pairItems.enumerated() {
                for k in 0..<3 { posterior[3 * Int(item) + k] = fit.result.posteriors[3 * compact + k] }
            }
            // Accuracy against the posterior (expected agreement), per annotator.
            for index in 0..<dsLabels.count {
                let annotator = Int(dsAnnotators[index])
                correctLabels[annotator] += fit.result.posteriors[3 * Int(dsItems[index]) + Int(dsLabels[index])]
                comparable[annotator] += 1
            }
            let pairs = AnnotatorAgreement.pairTable(data)
            agreement = AgreementTable(
                a: pairs.map(\.first), b: pairs.map(\.second), coRated: pairs.map { Int32($0.coRated) },
                observedAgreement: pairs.map(\.observed), expectedAgreement: pairs.map(\.expected))
        }

        // Rankings: weighted votes on every pair of an item's responses.
        var rankingPairs: [RankingPair] = []
        var rankingRowsByItem: [Int32: [Int]] = [:]
        for row in 0..<ratings.count where keep[row] && ratings.kind[row] == RatingKind.ranking.rawValue {
            rankingRowsByItem[ratings.item[row], default: []].append(row)
        }
        for item in rankingRowsByItem.keys.sorted() {
            let rows = rankingRowsByItem[item]!
            let size = view.items.responseCount(of: Int(item))
            var wins = [Double](repeating: 0, count: size * size)
            var counts = [Int](repeating: 0, count: size * size)
            var ranks: [[Int]] = []
            for row in rows {
                var rank = [Int](repeating: 0, count: size)
                for (place, position) in ratings.ranking[row].enumerated() { rank[Int(position)] = place }
                ranks.append(rank)
                let w = voteWeights?[Int(ratings.annotator[row])] ?? 1
                for i in 0..<size {
                    for j in 0..<size where i != j && rank[i] < rank[j] {
                        wins[i * size + j] += w
                        counts[i * size + j] += 1
                    }
                }
                let gold = ratings.goldRanking[row]
                if let top = gold.first, let chosen = ratings.ranking[row].first {
                    goldTotal[Int(ratings.annotator[row])] += 1
                    if top == chosen { goldCorrect[Int(ratings.annotator[row])] += 1 }
                }
            }
            for i in 0..<size {
                for j in (i + 1)..<max(i + 1, size) {
                    let total = wins[i * size + j] + wins[j * size + i]
                    let votes = counts[i * size + j] + counts[j * size + i]
                    guard votes > 0 else { continue }
                    let pI = total > 0 ? wins[i * size + j] / total : 0.5
                    let (better, worse, p) = pI >= 0.5 ? (i, j, pI) : (j, i, 1 - pI)
                    rankingPairs.append(
                        RankingPair(item: item, better: Int32(better), worse: Int32(worse), probability: p, votes: votes))
                    for (index, row) in rows.enumerated() {
                        let annotator = Int(ratings.annotator[row])
                        comparable[annotator] += 1
                        if ranks[index][better] < ranks[index][worse] { correctLabels[annotator] += 1 }
                    }
                }
            }
        }

        // Scores: cells (item, response, attribute) with per-annotator bias and noise.
        var cellIndex: [Int64: Int32] = [:]
        var cellKeys: [(item: Int32, response: Int32, attribute: Int32, min: Double, max: Double)] = []
        var scoreAnnotators: [Int32] = []
        var scoreCellsOf: [Int32] = []
        var normalized: [Double] = []
        var scoreRows: [Int] = []
        for row in 0..<ratings.count where keep[row] && ratings.kind[row] == RatingKind.score.rawValue {
            let low = ratings.scaleMin[row]
            let range = ratings.scaleMax[row] - low
            for entry in ratings.scores[row] {
                let key = (Int64(ratings.item[row]) << 32) | (Int64(entry.response) << 16) | Int64(ratings.attribute[row] & 0xFFFF)
                let cell: Int32
                if let known = cellIndex[key] {
                    cell = known
                } else {
                    cell = Int32(cellKeys.count)
                    cellIndex[key] = cell
                    cellKeys.append((ratings.item[row], entry.response, ratings.attribute[row], low, ratings.scaleMax[row]))
                }
                scoreAnnotators.append(ratings.annotator[row])
                scoreCellsOf.append(cell)
                normalized.append((entry.value - low) / range)
                scoreRows.append(row)
            }
        }
        var scoreCells: [ScoreCell] = []
        var responseConsensus = [Double](repeating: .nan, count: view.items.responseIDs.count)
        if !normalized.isEmpty {
            let data = try ScoreRatings(
                annotators: scoreAnnotators, items: scoreCellsOf, scores: normalized, annotatorCount: annotatorCount,
                itemCount: cellKeys.count)
            let fit = try AnnotatorBiasModel.fit(data)
            var cellRatings = [Int](repeating: 0, count: cellKeys.count)
            for cell in scoreCellsOf { cellRatings[Int(cell)] += 1 }
            for (cell, key) in cellKeys.enumerated() {
                let range = key.max - key.min
                let mean = min(1, max(0, fit.itemMeans[cell]))
                let score = key.min + mean * range
                scoreCells.append(
                    ScoreCell(
                        item: key.item, response: key.response, attribute: key.attribute, score: score,
                        standardError: fit.itemStandardErrors[cell] * range, ratings: cellRatings[cell], scaleMin: key.min,
                        scaleMax: key.max))
                let global = Int(view.items.responseOffsets[Int(key.item)]) + Int(key.response)
                if responseConsensus[global].isNaN { responseConsensus[global] = score }
            }
            for index in 0..<normalized.count {
                let annotator = Int(scoreAnnotators[index])
                let corrected = normalized[index] - fit.bias[annotator]
                let close = abs(corrected - fit.itemMeans[Int(scoreCellsOf[index])]) <= settings.scoreTolerance
                comparable[annotator] += 1
                if close { correctLabels[annotator] += 1 }
                let row = scoreRows[index]
                let response = Int32(cellKeys[Int(scoreCellsOf[index])].response)
                if let gold = ratings.goldScores[row].first(where: { $0.response == response }) {
                    goldTotal[annotator] += 1
                    let goldNormalized = (gold.value - ratings.scaleMin[row]) / (ratings.scaleMax[row] - ratings.scaleMin[row])
                    if abs(corrected - goldNormalized) <= settings.scoreTolerance { goldCorrect[annotator] += 1 }
                }
            }
        }

        // Weights: reputation (gold, history) combined with this snapshot's accuracy.
        var accuracy = [Double](repeating: .nan, count: annotatorCount)
        var weight = [Double](repeating: 0, count: annotatorCount)
        var weighting = settings.weighting
        let pooledLabels = comparable.reduce(0, +)
        if settings.newcomerPriorFromPopulation, pooledLabels > 0 {
            let population = correctLabels.reduce(0, +) / Double(pooledLabels)
            let strength = weighting.priorCorrect + weighting.priorIncorrect
            weighting.priorCorrect = strength * population
            weighting.priorIncorrect = strength * (1 - population)
        }
        for annotator in 0..<annotatorCount {
            if comparable[annotator] > 0 { accuracy[annotator] = correctLabels[annotator] / Double(comparable[annotator]) }
            let past = annotator < histories.count ? histories[annotator] : []
            let reputation = AnnotatorWeight.Reputation(
                goldCorrect: Double(goldCorrect[annotator]), goldTotal: Double(goldTotal[annotator]), pastWeights: past,
                pastAges: past.indices.map { Double($0 + 1) })
            weight[annotator] = try AnnotatorWeight.weight(
                reputation: reputation, snapshotAccuracy: accuracy[annotator].isNaN ? nil : accuracy[annotator],
                snapshotLabels: comparable[annotator], classCount: 2, options: weighting)
        }
        return ConsensusOutcome(
            pairwisePosterior: posterior, rankingPairs: rankingPairs, scoreCells: scoreCells, accuracy: accuracy,
            comparableLabels: comparable, goldCorrect: goldCorrect, goldTotal: goldTotal, weight: weight, agreement: agreement,
            scoreResponseConsensus: responseConsensus)
    }
}
