import AssayModel

/// One comparison of a run's `dataset.jsonl` (shared/contract/outputs-v1.md), or one pick of a baseline in the same
/// shape: the item, the chosen and the rejected response ids, the margin and the weight.
public struct DatasetRow: Sendable, Hashable {
    public var item: String
    public var chosen: String
    public var rejected: String
    /// How decisive the consensus is (≥ 0); rows below a threshold are left out when scoring at that threshold.
    public var margin: Double
    public var weight: Double

    public init(item: String, chosen: String, rejected: String, margin: Double = 1, weight: Double = 1) {
        self.item = item
        self.chosen = chosen
        self.rejected = rejected
        self.margin = margin
        self.weight = weight
    }

    /// Reads `directory/dataset.jsonl`; a line without `item_id`, `chosen_id` or `rejected_id` is an error naming it.
    public static func read(directory: String) throws(EvaluationError) -> [DatasetRow] {
        var rows: [DatasetRow] = []
        for (index, line) in try Lines.read("\(directory)/dataset.jsonl").enumerated() {
            func field(_ name: String) throws(EvaluationError) -> String {
                guard let text = line[name]?.stringValue else {
                    throw .malformed(file: "dataset.jsonl", reason: "row \(index + 1): field \(name): missing or not a string")
                }
                return text
            }
            rows.append(
                DatasetRow(
                    item: try field("item_id"), chosen: try field("chosen_id"), rejected: try field("rejected_id"),
                    margin: line["margin"]?.numberValue ?? 0, weight: line["weight"]?.numberValue ?? 1))
        }
        return rows
    }
}

extension RunOutput {
    /// Reads `directory/annotators.jsonl`: status by annotator id, without the other files of the run.
    public static func statuses(directory: String) throws(EvaluationError) -> [String: String] {
        var status: [String: String] = [:]
        for line in try Lines.read("\(directory)/annotators.jsonl") {
            guard let id = line["annotator_id"]?.stringValue, let value = line["status"]?.stringValue else {
                throw .malformed(file: "annotators.jsonl", reason: "a line without annotator_id or status")
            }
            status[id] = value
        }
        return status
    }
}
