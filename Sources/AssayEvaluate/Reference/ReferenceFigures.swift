/// How a set of comparisons (a cleaned dataset, or a baseline's picks) agrees with a reference (Docs/evaluation.md).
///
/// On an item whose reference prefers one response (a *strict* item), a row is **correct** when its `chosen_id` is
/// that response and **wrong** when its `rejected_id` is; a row that names neither (a pair derived from a ranking
/// that leaves the reference's answer out) is neither. Precision is correct / (correct + wrong); an item is *scored*
/// when it has at least one correct or wrong row, and coverage is scored items / strict reference items. Rows on
/// items the reference calls a tie, and rows on items the reference does not list, are counted apart.
public struct ReferenceFigures: Sendable, Hashable {
    /// Rows looked at.
    public var rows = 0
    public var correct = 0
    public var wrong = 0
    /// Strict reference items with at least one correct or wrong row.
    public var scoredItems = 0
    /// Strict items of the reference (coverage's denominator).
    public var strictItems = 0
    /// Rows on items the reference calls a tie.
    public var tieReferenceRows = 0
    /// Rows on items the reference does not list.
    public var unreferencedRows = 0

    /// correct / (correct + wrong); NaN when nothing is scored.
    public var precision: Double { correct + wrong > 0 ? Double(correct) / Double(correct + wrong) : .nan }
    /// scored items / strict reference items; NaN when the reference has no strict item.
    public var coverage: Double { strictItems > 0 ? Double(scoredItems) / Double(strictItems) : .nan }

    public init() {}

    /// Scores `rows` against `reference`.
    public init(rows: some Sequence<DatasetRow>, reference: ReferenceAnswers) {
        strictItems = reference.strictItems
        var scored: Set<String> = []
        for row in rows {
            self.rows += 1
            switch reference.answers[row.item] {
            case nil: unreferencedRows += 1
            case .tie?: tieReferenceRows += 1
            case .response(let answer)?:
                if row.chosen == answer {
                    correct += 1
                    scored.insert(row.item)
                } else if row.rejected == answer {
                    wrong += 1
                    scored.insert(row.item)
                }
            }
        }
        scoredItems = scored.count
    }
}
