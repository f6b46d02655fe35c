import AssayModel

extension ReferenceEvaluation {
    /// The evaluation as plain-text tables (what `assay evaluate --reference` prints without `--json`).
    public func table() -> String {
        var lines = [
            "reference: \(Self.count(referenceItems)) items, \(Self.count(strictReferenceItems)) strict, \(Self.count(tieReferenceItems)) tie"
        ]
        if hasRatings {
            lines.append(
                "ratings: \(Self.count(ratings)) read, \(Self.count(pairwiseVotes)) pairwise votes, \(Self.count(strictVotes)) not tie")
        }
        lines.append("")
        let header = ["", "rows", "correct", "wrong", "precision", "scored-items", "coverage", "tie-ref-rows", "unreferenced"]
        var table: [[String]] = [header]
        func add(_ name: String, _ figures: ReferenceFigures) {
            table.append(
                [
                    name, Self.count(figures.rows), Self.count(figures.correct), Self.count(figures.wrong), Self.decimal(figures.precision),
                    Self.count(figures.scoredItems), Self.decimal(figures.coverage), Self.count(figures.tieReferenceRows),
                    Self.count(figures.unreferencedRows),
                ])
        }
        add("cleaned dataset", dataset)
        if marginCutsMatter {
            for cut in byMargin { add("  margin ≥ \(Self.short(cut.minMargin))", cut.figures) }
        }
        if let majorityVote { add("majority vote", majorityVote) }
        if let dawidSkene { add("Dawid–Skene", dawidSkene) }
        lines += Self.align(table)
        lines.append("")
        lines.append(
            "correct: the row chose the reference's answer; wrong: it rejected it; precision = correct/(correct+wrong); "
                + "coverage = scored items / strict reference items")
        if dataset.rows == 0 {
            lines.append("the cleaned dataset is empty")
        } else if !marginCutsMatter, let largest = byMargin.map(\.minMargin).max() {
            lines.append(
                "every dataset row has margin ≥ \(Self.short(largest)) (smallest \(Self.decimal(smallestMargin))): the margin cuts equal the whole dataset"
            )
        }
        lines.append("")
        var statuses: [[String]] = [["status", "annotators", "with-choices", "mean-agreement", "pooled-agreement", "strict-choices"]]
        for group in annotators {
            statuses.append(
                [
                    group.status, Self.count(group.count), Self.count(group.withAgreement), Self.decimal(group.meanAgreement),
                    Self.decimal(group.pooledAgreement), Self.count(group.strictChoices),
                ])
        }
        lines.append("annotators by status (agreement: their strict choices on strict reference items that match it)")
        lines += Self.align(statuses)
        if !hasRatings { lines.append("(agreement needs --ratings)") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The evaluation as JSON; the keys are listed in Docs/evaluation.md and do not change.
    public func json() -> JSONValue {
        .object([
            (
                "reference",
                .object([
                    ("items", Self.number(referenceItems)), ("strict_items", Self.number(strictReferenceItems)),
                    ("tie_items", Self.number(tieReferenceItems)),
                ])
            ),
            (
                "ratings",
                hasRatings
                    ? .object([
                        ("ratings", Self.number(ratings)), ("pairwise_votes", Self.number(pairwiseVotes)),
                        ("strict_votes", Self.number(strictVotes)),
                    ]) : .null
            ),
            ("dataset", Self.figures(dataset)),
            ("smallest_margin", Self.number(smallestMargin)),
            ("dataset_by_margin", .array(byMargin.map { cut in Self.figures(cut.figures, first: [("min_margin", .number(cut.minMargin))]) })),
            ("majority_vote", majorityVote.map { Self.figures($0) } ?? .null),
            ("dawid_skene", dawidSkene.map { Self.figures($0) } ?? .null),
            (
                "annotators",
                .array(
                    annotators.map { group in
                        .object([
                            ("status", .string(group.status)), ("count", Self.number(group.count)),
                            ("with_agreement", Self.number(group.withAgreement)), ("mean_agreement", Self.number(group.meanAgreement)),
                            ("pooled_agreement", Self.number(group.pooledAgreement)), ("strict_choices", Self.number(group.strictChoices)),
                            ("matching_choices", Self.number(group.matching)),
                        ])
                    })
            ),
        ])
    }

    private static func figures(_ figures: ReferenceFigures, first: [(key: String, value: JSONValue)] = []) -> JSONValue {
        .object(
            first + [
                ("rows", number(figures.rows)), ("correct", number(figures.correct)), ("wrong", number(figures.wrong)),
                ("precision", number(figures.precision)), ("scored_items", number(figures.scoredItems)),
                ("strict_items", number(figures.strictItems)), ("coverage", number(figures.coverage)),
                ("tie_reference_rows", number(figures.tieReferenceRows)), ("unreferenced_rows", number(figures.unreferencedRows)),
            ])
    }

    private static func number(_ value: Int) -> JSONValue { .number(Double(value)) }
    private static func number(_ value: Double) -> JSONValue { value.isNaN ? .null : .number(value) }

    /// An integer with thousands separators (1,097).
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// Three decimals, `-` for NaN.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return "-" }
        let scaled = Int((value * 1000).rounded())
        let whole = scaled / 1000
        let fraction = abs(scaled) % 1000
        let padded = String(repeating: "0", count: 3 - String(fraction).count) + String(fraction)
        return "\(scaled < 0 && whole == 0 ? "-" : "")\(whole).\(padded)"
    }

    /// A threshold as written (0, 0.1, 0.25).
    static func short(_ value: Double) -> String {
        var text = decimal(value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Left-aligned first column, right-aligned numbers, two spaces apart.
    static func align(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            row.enumerated().map { index, cell in
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                return index == 0 ? cell + padding : padding + cell
            }
            .joined(separator: "  ")
        }
    }
}
