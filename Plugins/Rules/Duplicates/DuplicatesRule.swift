import AssayPluginAPI

/// `duplicates`: replayed ratings (one annotator, one item, the same answer again under a new rating id) and
/// contradictory repeats (one annotator answering one item twice, differently).
///
/// Ratings are grouped by (annotator, item, kind, scored attribute) and ordered by submission time (then row).
/// The first rating of a group is kept; every later rating whose answer equals an earlier one is a replay and
/// gets a rating-level `exclude_ratings` finding, so the repeat counts once. An annotator with at least
/// `min_replays_to_flag` replays gets an annotator finding (`flag_for_review`): a replayed batch is a platform
/// fault or a deliberate attempt to count twice. Different answers to one item by one annotator are a
/// contradiction; an annotator with at least `min_contradictions` of them is flagged with the items as evidence.
/// Both are exact facts, not estimates, so the strength is `.uncalibrated`.
///
/// Check by hand: ann-1 rates item-7 "a" as r-1 and again "a" as r-9 → r-9 excluded; rates item-8 "a" then "b"
/// → one contradiction, ann-1 flagged.
public struct DuplicatesRule: AssayRule {
    public let id = "duplicates"
    public let version = "1.0.0"
    public let summary = "Excludes replayed ratings (same annotator, item and answer under a new id) and flags contradictory repeats."
    public let parameters: [ParameterSpec] = [
        .int("min_replays_to_flag", default: 3, "Flag an annotator with at least this many replayed ratings (the replays are excluded either way)."),
        .int("min_contradictions", default: 1, "Flag an annotator with at least this many items answered twice with different answers."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let minReplays = try input.parameters.int("min_replays_to_flag")
        let minContradictions = try input.parameters.int("min_contradictions")
        guard minReplays >= 1, minContradictions >= 1 else { throw RuleError("min_replays_to_flag and min_contradictions must be at least 1") }
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
            var contradictedItems: [Int] = []
            var contradictingRatings: [Int] = []
            for key in groups.keys.sorted() {
                let group = groups[key]!
                guard group.count > 1 else { continue }
                let ordered = group.sorted { (ratings.submittedAtMs[$0], $0) < (ratings.submittedAtMs[$1], $1) }
                var seen: [(answer: [Double], row: Int)] = []
                var contradicted = false
                for row in ordered {
                    let answer = Self.answer(of: row, ratings)
                    if let first = seen.first(where: { $0.answer == answer }) {
                        replays.append((row, first.row))
                    } else {
                        if !seen.isEmpty {
                            contradicted = true
                            contradictingRatings.append(row)
                        }
                        seen.append((answer, row))
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
            if replays.count >= minReplays || contradictedItems.count >= minContradictions {
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
                if replays.count >= minReplays { parts.append("replayed \(replays.count) of \(rows.count) ratings under new ids") }
                if contradictedItems.count >= minContradictions {
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
