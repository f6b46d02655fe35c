import AssayModel

extension Evaluation {
    /// The evaluation as a plain-text table.
    public func table() -> String {
        var lines = [
            "kind        adversaries  caught  recall  excluded  poisoned  removed  attacked-items  cleaned-acc  majority-acc  ceiling-acc  missing"
        ]
        func cell(_ value: Double) -> String { value.isNaN ? "-" : String(format2: value) }
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        for row in rows + [allItems] {
            lines.append(
                pad(row.kind, 12) + pad(String(row.adversaries), 13) + pad(String(row.caught), 8) + pad(cell(row.recall), 8)
                    + pad(String(row.excluded), 10) + pad(String(row.poisoned), 10) + pad(cell(row.removedShare), 9)
                    + pad(String(row.attackedItems), 16) + pad(cell(row.cleanedAccuracy), 13) + pad(cell(row.majorityAccuracy), 14)
                    + pad(cell(row.ceilingAccuracy), 13) + String(row.cleanedMissing))
        }
        lines.append("")
        lines.append(
            "honest annotators: \(honestAnnotators), excluded \(honestExcluded) (\(cell(share(honestExcluded)))), flagged \(honestFlagged) (\(cell(share(honestFlagged)))), downweighted \(honestDownweighted); precision of caught annotators \(cell(precision))"
        )
        lines.append(
            "accuracy: share of pairwise items whose dataset row chose the truly better response (missing rows count as wrong); majority: plain majority vote over the raw ratings (ties split); ceiling: the same consensus on the honest ratings only (--ceiling-run)"
        )
        lines.append(
            "on the dataset's own \(allItems.keptItems) of \(allItems.attackedItems) items: cleaned \(cell(allItems.cleanedAccuracyOnKept)), majority \(cell(allItems.majorityAccuracyOnKept))"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private func share(_ count: Int) -> Double { honestAnnotators > 0 ? Double(count) / Double(honestAnnotators) : .nan }

    /// The evaluation as JSON.
    public func json() -> JSONValue {
        func number(_ value: Double) -> JSONValue { value.isNaN ? .null : .number(value) }
        func row(_ row: Row) -> JSONValue {
            .object([
                ("kind", .string(row.kind)), ("adversaries", .number(Double(row.adversaries))), ("caught", .number(Double(row.caught))),
                ("recall", number(row.recall)), ("excluded", .number(Double(row.excluded))), ("poisoned_ratings", .number(Double(row.poisoned))),
                ("poisoned_removed", .number(Double(row.poisonedRemoved))), ("poisoned_removed_share", number(row.removedShare)),
                ("attacked_items", .number(Double(row.attackedItems))), ("cleaned_accuracy", number(row.cleanedAccuracy)),
                ("majority_accuracy", number(row.majorityAccuracy)), ("items_missing_from_dataset", .number(Double(row.cleanedMissing))),
                ("ceiling_accuracy", number(row.ceilingAccuracy)), ("ceiling_items_missing", .number(Double(row.ceilingMissing))),
                ("cleaned_accuracy_on_dataset_items", number(row.cleanedAccuracyOnKept)),
                ("majority_accuracy_on_dataset_items", number(row.majorityAccuracyOnKept)),
            ])
        }
        return .object([
            ("kinds", .array(rows.map(row))), ("all", row(allItems)),
            ("honest_annotators", .number(Double(honestAnnotators))), ("honest_excluded", .number(Double(honestExcluded))),
            ("honest_flagged", .number(Double(honestFlagged))), ("honest_downweighted", .number(Double(honestDownweighted))),
            ("precision", number(precision)),
        ])
    }
}

extension String {
    /// A number with two decimals.
    init(format2 value: Double) {
        let scaled = (value * 100).rounded()
        let whole = Int(scaled) / 100
        let fraction = abs(Int(scaled)) % 100
        self = "\(scaled < 0 && whole == 0 ? "-" : "")\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
