import AssayPluginAPI

/// `duplicates`: replayed ratings — one annotator's rating of one item submitted again with identical content under
/// a new rating id.
///
/// Ratings are grouped by (annotator, item, kind, scored attribute) and ordered by submission time (then row). A
/// later rating is a replay when its *content* equals an earlier one's: the same answer, the same display order and
/// strength, and the same `duration_ms` (a replayed batch carries the original's timing to the millisecond; a new
/// judgment does not). Replays get a rating-level `exclude_ratings` finding, so the judgment counts once. When
/// neither rating records a duration, equal answers and display orders are all there is: the repeat is still
/// counted once, but it is not evidence against the annotator. An annotator with at least `min_replays_to_flag`
/// replays proven by identical durations gets an annotator finding (`flag_for_review`): a replayed batch is a
/// platform fault or a deliberate attempt to count twice.
///
/// A new judgment of a pair seen before — later, with its own timing, whatever its answer — is information, not a
/// duplicate (adaptive designs and comparative judgement show a judge the same pair again). Version 1.0 flagged an
/// annotator for one such pair answered differently; that is now off by default (`min_contradictions` 0) and, when
/// turned on, flags only. Both findings are exact facts, not estimates, so the strength is `.uncalibrated`.
///
/// Check by hand: ann-1 rates item-7 "a" (r-1, 5,400 ms) and r-9 arrives with the same answer, order and 5,400 ms →
/// r-9 excluded; ann-1 rates item-8 "a" (3,100 ms), later "b" (4,200 ms) → both kept, nothing flagged.
public struct DuplicatesRule: AssayRule {
    public let id = "duplicates"
    public let version = "1.1.0"
    public let summary = "Excludes replayed ratings (same annotator, item and identical content under a new id); flags annotators who replay."
    public let parameters: [ParameterSpec] = [
        .int("min_replays_to_flag", default: 3, "Flag an annotator with at least this many replayed ratings (the replays are excluded either way)."),
        .int(
            "min_contradictions", default: 0,
            "Flag an annotator with at least this many items answered again differently (0: never; a new judgment is information)."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let minReplays = try input.parameters.int("min_replays_to_flag")
        let minContradictions = try input.parameters.int("min_contradictions")
        guard minReplays >= 1, minContradictions >= 0 else {
            throw RuleError("min_replays_to_flag must be at least 1 and min_contradictions at least 0")
        }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        var findings: [Finding] = []

        for annotator in 0..<snapshot.annotators.count {
            let rows = snapshot.ratingRows(ofAnnotator: annotator)
            guard rows.count > 1 else { continue }
            // Group by item (+ kind + attribute), keeping submission order.
            var groups: [Int64: [Int]] = [:]
            for row32 in rows {
                let row = Int(row32)
                let key = Int64(ratings.item[row]) << 16 | Int64(ratings.kind[row]) << 12 | Int64(ratings.attribute[row] & 0xFFF)
                groups[key, default: []].append(row)
            }
            var replays: [(row: Int, original: Int)] = []
            var provenReplays = 0
            var contradictedItems: [Int] = []
            var contradictingRatings: [Int] = []
            for key in groups.keys.sorted() {
                let group = groups[key]!
                guard group.count > 1 else { continue }
                let ordered = group.sorted { (ratings.submittedAtMs[$0], $0) < (ratings.submittedAtMs[$1], $1) }
                var seen: [(content: [Double], answer: [Double], row: Int)] = []
                var contradicted = false
                for row in ordered {
                    let answer = Self.answer(of: row, ratings)
                    let content = Self.content(of: row, ratings, answer: answer)
                    if let first = seen.first(where: { $0.content == content }) {
                        replays.append((row, first.row))
                        if ratings.durationMs[row] >= 0 { provenReplays += 1 }
                    } else {
                        if !seen.contains(where: { $0.answer == answer }) && !seen.isEmpty {
                            contradicted = true
                            contradictingRatings.append(row)
                        }
                        seen.append((content, answer, row))
                    }
                }
                if contradicted { contradictedItems.append(Int(ratings.item[ordered[0]])) }
            }
            for (row, original) in replays {
                findings.append(
                    Finding(
                        subject: .rating(Int32(row)), score: 1, strength: .uncalibrated, action: .excludeRatings,
                        summary: "Repeats the answer of \(ratings.ids[original]) by the same annotator on the same item; counted once.",
                        evidence: [.ids("original_rating", [ratings.ids[original]]), .ids("item", [snapshot.items.ids[Int(ratings.item[row])]])]))
            }
            let flagReplays = provenReplays >= minReplays
            let flagContradictions = minContradictions > 0 && contradictedItems.count >= minContradictions
            if flagReplays || flagContradictions {
                var evidence: [Evidence] = [
                    .number("replayed_ratings", Double(replays.count)),
                    .number("contradicted_items", Double(contradictedItems.count)),
                    .number("ratings", Double(rows.count)),
                ]
                if !replays.isEmpty { evidence.append(.ids("replayed_rating_ids", replays.map { ratings.ids[$0.row] })) }
                if !contradictedItems.isEmpty {
                    evidence.append(.ids("contradicted_item_ids", contradictedItems.map { snapshot.items.ids[$0] }))
                    evidence.append(.ids("contradicting_rating_ids", contradictingRatings.map { ratings.ids[$0] }))
                }
                var parts: [String] = []
                if flagReplays { parts.append("replayed \(provenReplays) of \(rows.count) ratings under new ids with identical content and timing") }
                if flagContradictions {
                    parts.append("answered \(contradictedItems.count) item(s) twice with different answers")
                }
                findings.append(
                    Finding(
                        subject: .annotator(Int32(annotator)), score: Double(replays.count + contradictedItems.count), strength: .uncalibrated,
                        action: .flagForReview,
                        summary: parts.joined(separator: "; ").prefix(1).uppercased() + parts.joined(separator: "; ").dropFirst() + ".",
                        evidence: evidence))
            }
        }
        return findings
    }

    /// Everything a replay copies: the answer, the display order, the strength and the duration (−1 when absent; NaN
    /// strengths as −1 so that equal contents compare equal).
    static func content(of row: Int, _ ratings: RatingTable, answer: [Double]) -> [Double] {
        let strength = ratings.strength[row].isNaN ? -1 : Double(ratings.strength[row])
        return answer + [-1] + ratings.shownOrder[row].map { Double($0) } + [-1, strength, Double(ratings.durationMs[row])]
    }

    /// The answer of a rating as comparable numbers (choice; ranking positions; score entries).
    static func answer(of row: Int, _ ratings: RatingTable) -> [Double] {
        switch RatingKind(rawValue: ratings.kind[row]) ?? .pairwise {
        case .pairwise: return [Double(ratings.choice[row])]
        case .ranking: return ratings.ranking[row].map { Double($0) }
        case .score:
            return ratings.scores[row].sorted { $0.response < $1.response }.flatMap { [Double($0.response), $0.value] }
        }
    }
}
