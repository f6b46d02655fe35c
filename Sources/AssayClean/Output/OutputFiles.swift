import AssayModel
import AssayPluginAPI
import AssayStore
import Foundation

/// The contract files of a run (`shared/contract/outputs-v1.md`), written from the snapshot,
/// the final consensus and the decisions. Rows are sorted (item id, response ids, annotator id,
/// rating id), so the same inputs give byte-identical files.
struct OutputFiles {
    let view: SnapshotView
    let consensus: ConsensusOutcome
    let decisions: Decisions
    let policy: CleaningPolicy

    struct Counts: Sendable {
        var datasetRows = 0
        var pairwiseRows = 0
        var rankingRows = 0
        var scoreRows = 0
        var excludedRatings = 0
        var uncertainItems = 0
        /// Dataset rows with a margin of at least each of `MarginBands.lowerBounds` (cumulative).
        var rowsByMargin = [Int](repeating: 0, count: MarginBands.lowerBounds.count)
        var annotatorsByStatus: [AnnotatorStatus: Int] = [:]
        /// SHA-256 of each file written, by name.
        var digests: [String: String] = [:]
    }

    /// Writes dataset.jsonl, scores.jsonl, annotators.jsonl and exclusions.jsonl into `directory`.
    func write(to directory: URL) throws -> Counts {
        var counts = Counts()
        var removedBy = decisions.removedBy
        var reason = decisions.reason
        let ratings = view.ratings
        let items = view.items
        let itemOrder = (0..<items.count).sorted { items.ids[$0].utf8.lexicographicallyPrecedes(items.ids[$1].utf8) }

        // dataset.jsonl
        let dataset = try JSONLinesWriter(path: directory.appendingPathComponent("dataset.jsonl").path)
        var pairsByItem: [Int32: [RankingPair]] = [:]
        for pair in consensus.rankingPairs { pairsByItem[pair.item, default: []].append(pair) }
        for item in itemOrder {
            let rows = view.ratingRows(ofItem: item)
            let keptRows = rows.filter { removedBy[Int($0)].isEmpty }
            guard !keptRows.isEmpty else { continue }
            let kind = RatingKind(rawValue: ratings.kind[Int(keptRows[keptRows.startIndex])]) ?? .score
            let responses = items.responses(of: item)
            switch kind {
            case .pairwise:
                let p = (0..<3).map { consensus.pairwisePosterior[3 * item + $0] }
                guard !p[0].isNaN else { continue }
                let chosen = p[0] >= p[1] ? 0 : 1
                let margin = p[chosen] - p[1 - chosen]
                // A row needs a direction (P(chosen) > P(rejected)) and evidence for it: the item's kept strict votes
                // lean one way, or — when they are balanced (or all ties) — the weighted, pooled consensus is
                // decisive (`min_margin_balanced`). How decisive a kept row is stays in `margin` and `weight`.
                var strict = (0, 0)
                for row in keptRows {
                    if ratings.choice[Int(row)] == PairwiseChoice.first {
                        strict.0 += 1
                    } else if ratings.choice[Int(row)] == PairwiseChoice.second {
                        strict.1 += 1
                    }
                }
                let balanced = strict.0 == strict.1
                if !(margin > 0) || margin < policy.minMargin || (balanced && margin < policy.minMarginBalanced) {
                    counts.uncertainItems += 1
                    let detail = String(format: "P(first) %.2f, P(second) %.2f, P(tie) %.2f", p[0], p[1], p[2])
                    for row in keptRows {
                        removedBy[Int(row)] = ["uncertain_consensus"]
                        reason[Int(row)] =
                            !(margin > 0)
                            ? "The weighted consensus on item \(items.ids[item]) prefers neither response (\(detail))."
                            : margin < policy.minMargin
                                ? "The weighted consensus on item \(items.ids[item]) is below the margin threshold (\(detail); min_margin \(policy.minMargin))."
                                : "The kept votes on item \(items.ids[item]) are balanced (\(strict.0) : \(strict.1), ties aside) and the consensus is not decisive enough to break them (\(detail); min_margin_balanced \(policy.minMarginBalanced))."
                    }
                    continue
                }
                writeRow(
                    dataset, counts: &counts, item: item, chosen: responses.lowerBound + chosen, rejected: responses.lowerBound + 1 - chosen,
                    margin: margin, weight: p[chosen] / (p[0] + p[1]), kind: "pairwise", ratings: keptRows.count)
                counts.pairwiseRows += 1
            case .ranking:
                let pairs = (pairsByItem[Int32(item)] ?? []).sorted {
                    ($0.better, $0.worse) < ($1.better, $1.worse)
                }
                var kept = 0
                for pair in pairs {
                    let margin = 2 * pair.probability - 1
                    guard margin > 0, margin >= policy.minMargin else { continue }
                    writeRow(
                        dataset, counts: &counts, item: item, chosen: responses.lowerBound + Int(pair.better),
                        rejected: responses.lowerBound + Int(pair.worse), margin: margin, weight: pair.probability,
                        kind: "ranking", ratings: pair.votes)
                    kept += 1
                }
                counts.rankingRows += kept
                if kept == 0 {
                    counts.uncertainItems += 1
                    for row in keptRows {
                        removedBy[Int(row)] = ["uncertain_consensus"]
                        reason[Int(row)] = "No pair of item \(items.ids[item]) reaches the consensus margin \(policy.minMargin)."
                    }
                }
            case .score:
                break
            }
        }
        try dataset.close()
        counts.digests["dataset.jsonl"] = dataset.digest
        counts.datasetRows = dataset.lines

        // scores.jsonl
        let scores = try JSONLinesWriter(path: directory.appendingPathComponent("scores.jsonl").path)
        let cells = consensus.scoreCells.sorted { a, b in
            let (ia, ib) = (items.ids[Int(a.item)], items.ids[Int(b.item)])
            if ia != ib { return ia.utf8.lexicographicallyPrecedes(ib.utf8) }
            let (ra, rb) = (a.response, b.response)
            if ra != rb { return ra < rb }
            return ratings.attributeNames[Int(a.attribute)].utf8.lexicographicallyPrecedes(ratings.attributeNames[Int(b.attribute)].utf8)
        }
        for cell in cells {
            let global = Int(items.responseOffsets[Int(cell.item)]) + Int(cell.response)
            let range = cell.scaleMax - cell.scaleMin
            let confidence = max(0.000001, min(1, 1 - 2 * cell.standardError / range))
            scores.write([
                ("item_id", .string(items.ids[Int(cell.item)])),
                ("prompt", .string(items.prompts[Int(cell.item)])),
                ("response_id", .string(items.responseIDs[global])),
                ("response", .string(items.responseTexts[global])),
                ("attribute", .string(ratings.attributeNames[Int(cell.attribute)])),
                ("score", rounded(cell.score)),
                ("scale", .array([.number(cell.scaleMin), .number(cell.scaleMax)])),
                ("weight", rounded(confidence)),
                ("ratings", .number(Double(cell.ratings))),
                ("standard_error", rounded(cell.standardError)),
            ])
        }
        try scores.close()
        counts.digests["scores.jsonl"] = scores.digest
        counts.scoreRows = scores.lines

        // exclusions.jsonl
        let exclusions = try JSONLinesWriter(path: directory.appendingPathComponent("exclusions.jsonl").path)
        let ratingOrder = (0..<ratings.count).filter { !removedBy[$0].isEmpty }.sorted {
            ratings.ids[$0].utf8.lexicographicallyPrecedes(ratings.ids[$1].utf8)
        }
        var excludedPerAnnotator = [Int](repeating: 0, count: view.annotators.count)
        for row in ratingOrder {
            let annotator = Int(ratings.annotator[row])
            excludedPerAnnotator[annotator] += 1
            exclusions.write([
                ("rating_id", .string(ratings.ids[row])),
                ("annotator_id", .string(view.annotators.ids[annotator])),
                ("item_id", .string(items.ids[Int(ratings.item[row])])),
                ("rules", .array(removedBy[row].map(JSONValue.string))),
                ("reason", .string(reason[row] ?? "Removed by \(removedBy[row].joined(separator: ", ")).")),
            ])
        }
        try exclusions.close()
        counts.digests["exclusions.jsonl"] = exclusions.digest
        counts.excludedRatings = exclusions.lines

        // annotators.jsonl
        let annotators = try JSONLinesWriter(path: directory.appendingPathComponent("annotators.jsonl").path)
        let annotatorOrder = (0..<view.annotators.count).sorted {
            view.annotators.ids[$0].utf8.lexicographicallyPrecedes(view.annotators.ids[$1].utf8)
        }
        for annotator in annotatorOrder {
            let status = decisions.status[annotator]
            counts.annotatorsByStatus[status, default: 0] += 1
            var members: [(key: String, value: JSONValue)] = [
                ("annotator_id", .string(view.annotators.ids[annotator])),
                ("weight", rounded(min(1, max(0, decisions.weight[annotator])))),
                ("status", .string(status.rawValue)),
                ("findings", .array(decisions.annotatorFindings[annotator].map(Self.findingJSON))),
                ("ratings", .number(Double(view.ratingRows(ofAnnotator: annotator).count))),
                ("excluded_ratings", .number(Double(excludedPerAnnotator[annotator]))),
                ("accuracy", consensus.accuracy[annotator].isNaN ? .null : rounded(consensus.accuracy[annotator])),
                (
                    "gold",
                    .object([
                        ("correct", .number(Double(consensus.goldCorrect[annotator]))),
                        ("total", .number(Double(consensus.goldTotal[annotator]))),
                    ])
                ),
            ]
            if let decision = decisions.reviewer[annotator] {
                members.append(
                    (
                        "reviewer_decision",
                        .object([
                            ("decision", .string(decision.verdict.rawValue)), ("by", .string(decision.actor)),
                            ("at", .string(decision.decidedAt.description)), ("note", .string(decision.note)),
                        ])
                    ))
            }
            annotators.write(members)
        }
        try annotators.close()
        counts.digests["annotators.jsonl"] = annotators.digest
        return counts
    }

    private func writeRow(
        _ writer: JSONLinesWriter, counts: inout Counts, item: Int, chosen: Int, rejected: Int, margin: Double, weight: Double, kind: String,
        ratings: Int
    ) {
        let items = view.items
        for (index, lower) in MarginBands.lowerBounds.enumerated() where margin >= lower { counts.rowsByMargin[index] += 1 }
        writer.write([
            ("prompt", .string(items.prompts[item])),
            ("chosen", .string(items.responseTexts[chosen])),
            ("rejected", .string(items.responseTexts[rejected])),
            ("margin", rounded(max(0, margin))),
            ("weight", rounded(min(1, max(0.000001, weight)))),
            ("item_id", .string(items.ids[item])),
            ("chosen_id", .string(items.responseIDs[chosen])),
            ("rejected_id", .string(items.responseIDs[rejected])),
            ("kind", .string(kind)),
            ("ratings", .number(Double(ratings))),
        ])
    }

    /// A finding as in `annotators.jsonl`: `rule`, `score`, `summary` (contract) plus action, strength and evidence.
    static func findingJSON(_ attributed: AttributedFinding) -> JSONValue {
        let finding = attributed.finding
        var members: [(key: String, value: JSONValue)] = [
            ("rule", .string(attributed.ruleID)),
            ("score", rounded(finding.score)),
            ("summary", .string(finding.summary)),
            ("action", .string(finding.action.description)),
        ]
        switch finding.strength {
        case .pValue(let p): members.append(("p_value", .number(p)))
        case .likelihoodRatio(let ratio): members.append(("likelihood_ratio", rounded(ratio)))
        case .uncalibrated: break
        }
        if case .rating = finding.subject { members.append(("scope", .string("rating"))) }
        members.append(
            (
                "evidence",
                .object(
                    finding.evidence.map { evidence in
                        switch evidence.value {
                        case .number(let number): return (evidence.name, rounded(number))
                        case .text(let text): return (evidence.name, .string(text))
                        case .ids(let ids): return (evidence.name, .array(ids.map(JSONValue.string)))
                        }
                    })
            ))
        return .object(members)
    }
}
