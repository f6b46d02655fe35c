import AssayConsensus

/// Dawid–Skene over the raw pairwise ratings (Docs/evaluation.md), with `AssayConsensus.DawidSkene` and its defaults
/// (100 EM iterations, tolerance 1e-7, Laplace smoothing).
///
/// **Definition.** Three classes per item: its first response (canonical order), its second response, `tie`. When no
/// rating in the file is a `tie` (binary label sets) the tie class is left out and the model has two classes, which
/// is the textbook two-class Dawid–Skene (Duck 96/108 correct, as `DawidSkeneReferenceTests` pins). Annotators and
/// items are indexed in first-seen order and rows are given in file order, so the fit is deterministic. The pick is
/// the class with the largest posterior; there is no pick when `tie` wins or when the two responses' posteriors are
/// equal. Each pick is one `DatasetRow` with margin `|P(first) − P(second)|` and weight 1.
public enum DawidSkeneBaseline {
    /// The picks of Dawid–Skene, in item order.
    /// - Throws: `EvaluationError.consensus` when the fit fails.
    public static func rows(_ votes: PairwiseVotes) throws(EvaluationError) -> [DatasetRow] {
        guard !votes.votes.isEmpty else { return [] }
        let hasTies = votes.votes.contains { $0.choice == .tie }
        let classCount = hasTies ? 3 : 2
        var annotatorIndex: [String: Int32] = [:]
        var annotators: [Int32] = []
        var items: [Int32] = []
        var labels: [Int32] = []
        annotators.reserveCapacity(votes.votes.count)
        for vote in votes.votes {
            let annotator: Int32
            if let known = annotatorIndex[vote.annotator] {
                annotator = known
            } else {
                annotator = Int32(annotatorIndex.count)
                annotatorIndex[vote.annotator] = annotator
            }
            annotators.append(annotator)
            items.append(Int32(vote.item))
            switch vote.choice {
            case .tie: labels.append(2)
            case .response(let id): labels.append(id == votes.items[vote.item].first ? 0 : 1)
            }
        }
        let fit: DawidSkene.Fit
        do {
            let data = try CategoricalLabels(
                annotators: annotators, items: items, labels: labels, annotatorCount: annotatorIndex.count,
                itemCount: votes.items.count, classCount: classCount)
            fit = try DawidSkene.fit(data)
        } catch {
            throw .consensus("Dawid–Skene: \(error)")
        }
        let posteriors = fit.result.posteriors
        var rows: [DatasetRow] = []
        for (index, item) in votes.items.enumerated() {
            let first = posteriors[index * classCount]
            let second = posteriors[index * classCount + 1]
            let tie = hasTies ? posteriors[index * classCount + 2] : 0
            guard first != second, max(first, second) > tie else { continue }
            let chosen = first > second ? item.first : item.second
            rows.append(DatasetRow(item: item.id, chosen: chosen, rejected: item.other(than: chosen), margin: abs(first - second)))
        }
        return rows
    }
}
