import AssayConsensus

/// A pairwise crowd table (`worker,left,right,label`), read into ``PairwiseComparisons``.
///
/// `label` is `left`/`first`, `right`/`second`, `tie`/`draw`/`equal` (any case), or the winning item's id as
/// crowd-kit writes it. Items are indexed in sorted order of their names (Unicode scalars), workers as read.
public struct CrowdKitPairwiseTable: Sendable {
    /// The comparisons as codes.
    public let data: PairwiseComparisons
    /// Item names by code.
    public let items: [String]
    /// Worker names by code (one worker `all` when the table has no worker column).
    public let workers: [String]

    /// Reads a table with a header row; without a worker column (evalica's layout) every row is one worker's,
    /// unless `requireWorkers`.
    public init(
        _ bytes: [UInt8], source: String, delimiter: UInt8, columns: CrowdKitColumns = CrowdKitColumns(), requireWorkers: Bool
    ) throws {
        let header = try CrowdKitError.reading(source) { () throws(TableError) in
            try DelimitedTable.header(bytes, delimiter: delimiter)
        }.map { $0.lowercased() }
        let hasWorkers = requireWorkers || header.contains(columns.worker.lowercased())
        let required = (hasWorkers ? [columns.worker] : []) + ["left", "right", columns.label]
        let parsed = try CrowdKitError.reading(source) { () throws(TableError) in
            try DelimitedTable.parse(bytes, delimiter: delimiter, required: required)
        }
        let workerColumn =
            hasWorkers
            ? parsed[0] : InternedColumn(name: columns.worker, codes: [Int32](repeating: 0, count: parsed.lines.count), names: ["all"])
        let offset = hasWorkers ? 1 : 0
        let lefts = parsed[offset]
        let rights = parsed[offset + 1]
        let labels = parsed[offset + 2]
        let names = Array(Set(lefts.names).union(rights.names)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        let leftCodes = lefts.names.map { index[$0]! }
        let rightCodes = rights.names.map { index[$0]! }
        var firsts = [Int32]()
        var seconds = [Int32]()
        var outcomes = [PairwiseOutcome]()
        firsts.reserveCapacity(parsed.lines.count)
        seconds.reserveCapacity(parsed.lines.count)
        outcomes.reserveCapacity(parsed.lines.count)
        let labelColumnNumber = header.firstIndex(of: columns.label.lowercased()).map { $0 + 1 } ?? 0
        for row in parsed.lines.indices {
            let left = lefts.names[Int(lefts.codes[row])]
            let right = rights.names[Int(rights.codes[row])]
            let value = labels.names[Int(labels.codes[row])]
            if left == right {
                throw CrowdKitError("\(source): line \(parsed.lines[row]): '\(left)' is compared with itself")
            }
            let outcome: PairwiseOutcome
            switch value.lowercased() {
            case "left", "first": outcome = .firstBetter
            case "right", "second": outcome = .secondBetter
            case "tie", "draw", "equal": outcome = .tie
            default:
                if value == left {
                    outcome = .firstBetter
                } else if value == right {
                    outcome = .secondBetter
                } else {
                    throw CrowdKitError(
                        "\(source): line \(parsed.lines[row]), column \(labelColumnNumber) ('\(columns.label)'): '\(value)' is neither left, right, tie nor one of the compared items '\(left)', '\(right)'"
                    )
                }
            }
            firsts.append(leftCodes[Int(lefts.codes[row])])
            seconds.append(rightCodes[Int(rights.codes[row])])
            outcomes.append(outcome)
        }
        items = names
        workers = workerColumn.names
        data = try PairwiseComparisons(
            annotators: workerColumn.codes, firsts: firsts, seconds: seconds, outcomes: outcomes, itemCount: names.count,
            annotatorCount: workers.count)
    }
}
