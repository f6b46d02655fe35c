/// Plain majority vote over the raw pairwise ratings, the baseline a cleaning run has to beat (Docs/evaluation.md).
///
/// **Definition.** Per item, count the votes for each of its two responses; `tie` votes are not counted. The item's
/// pick is the response with strictly more votes; when both have the same number (also 0–0, an item rated only
/// `tie`) there is no pick. Every annotator counts 1. This is the definition that reproduces the figures quoted in
/// issue 12 for LLMFAO against GPT-4 (1,097 correct, 563 wrong, precision 0.661). Plurality over the three answers
/// (no pick when `tie` has the most votes) gives 778 correct at 0.746 on the same data instead: it abstains on
/// every item where half the crowd says `tie`.
///
/// Each pick is one `DatasetRow` (chosen = the pick, rejected = the other response) with margin
/// `|votes(first) − votes(second)| / votes(item)` (all votes, ties included) and weight 1, so it can be scored
/// exactly like a cleaned dataset.
public enum MajorityVoteBaseline {
    /// The picks of majority vote, in item order.
    public static func rows(_ votes: PairwiseVotes) -> [DatasetRow] {
        var first = [Int](repeating: 0, count: votes.items.count)
        var second = [Int](repeating: 0, count: votes.items.count)
        var total = [Int](repeating: 0, count: votes.items.count)
        for vote in votes.votes {
            total[vote.item] += 1
            guard case .response(let id) = vote.choice else { continue }
            if id == votes.items[vote.item].first { first[vote.item] += 1 } else { second[vote.item] += 1 }
        }
        var rows: [DatasetRow] = []
        for (index, item) in votes.items.enumerated() where first[index] != second[index] {
            let chosen = first[index] > second[index] ? item.first : item.second
            let margin = Double(abs(first[index] - second[index])) / Double(total[index])
            rows.append(DatasetRow(item: item.id, chosen: chosen, rejected: item.other(than: chosen), margin: margin))
        }
        return rows
    }
}
