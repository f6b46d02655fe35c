import AssayConsensus

/// A categorical crowd table (`task,worker,label`), read into the columns ``DawidSkene`` and the agreement
/// metrics work on.
///
/// Tasks, workers and labels are arbitrary strings, indexed in sorted order (numerically when all are numbers),
/// so a fit does not depend on row order.
public struct CrowdKitCategoricalTable: Sendable {
    /// The answers as codes.
    public let data: CategoricalLabels
    /// Task names by code.
    public let tasks: [String]
    /// Worker names by code.
    public let workers: [String]
    /// Label names by code.
    public let labels: [String]
    let columns: CrowdKitColumns

    /// Reads a table with a header row; `source` names the file in errors.
    public init(_ bytes: [UInt8], source: String, delimiter: UInt8, columns: CrowdKitColumns = CrowdKitColumns()) throws {
        let table = try CrowdKitError.reading(source) { () throws(TableError) in
            try DelimitedTable.parse(bytes, delimiter: delimiter, required: [columns.task, columns.worker, columns.label])
        }
        tasks = table[0].names
        workers = table[1].names
        labels = table[2].names
        self.columns = columns
        data = try CategoricalLabels(
            annotators: table[1].codes, items: table[0].codes, labels: table[2].codes,
            annotatorCount: workers.count, itemCount: tasks.count, classCount: labels.count)
    }

    /// The labels as numbers when every label is one (for the ordinal, interval and ratio agreement metrics).
    public var numericLabels: [Double]? {
        let numbers = labels.compactMap { Double($0) }
        return numbers.count == labels.count ? numbers : nil
    }

    /// Reads a gold file `task,label` (the label column may also be named `true_label`, `truth` or `gold`): the true
    /// label's code per task, `-1` where there is none; gold for a task nobody answered is ignored.
    public func gold(_ bytes: [UInt8], source: String, delimiter: UInt8) throws(CrowdKitError) -> [Int32] {
        let header = try CrowdKitError.reading(source) { () throws(TableError) in
            try DelimitedTable.header(bytes, delimiter: delimiter)
        }.map { $0.lowercased() }
        let taskName = header.contains(columns.task.lowercased()) ? columns.task : "task"
        guard let labelName = [columns.label, "label", "true_label", "truth", "gold"].first(where: { header.contains($0.lowercased()) })
        else {
            throw CrowdKitError(
                "\(source): the gold file needs a label column named label, true_label, truth or gold (found: \(header.joined(separator: ", ")))")
        }
        let table = try CrowdKitError.reading(source) { () throws(TableError) in
            try DelimitedTable.parse(bytes, delimiter: delimiter, required: [taskName, labelName])
        }
        let taskIndex = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1, Int32($0)) })
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, Int32($0)) })
        var out = [Int32](repeating: -1, count: tasks.count)
        for row in table.lines.indices {
            let task = table[0].names[Int(table[0].codes[row])]
            let label = table[1].names[Int(table[1].codes[row])]
            guard let index = taskIndex[task] else { continue }
            guard let code = labelIndex[label] else {
                throw CrowdKitError(
                    "\(source): line \(table.lines[row]), column '\(labelName)': gold label '\(label)' never appears among the answers' labels")
            }
            out[Int(index)] = code
        }
        return out
    }
}
