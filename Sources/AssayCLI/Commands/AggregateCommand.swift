import ArgumentParser
import AssayConsensus
import Foundation

/// `assay aggregate`: truth inference on crowd data in crowd-kit's long layout.
///
/// Categorical methods read `task,worker,label`; pairwise methods read `worker,left,right,label`
/// where `label` is `left`, `right`, `tie` (or `draw`), or the winning item's id as crowd-kit
/// writes it. Labels, tasks and workers are arbitrary strings, indexed in sorted order
/// (numerically when all are numbers), so the output does not depend on row order.
struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Infer true labels (or pairwise scores) and annotator weights from crowd answers.",
        discussion: """
            Categorical methods (input task,worker,label): mv, ds, onecoin, gold (Dawid–Skene with \
            control items from --gold). Output: task,label,confidence.
            Pairwise methods (input worker,left,right,label): bt, davidson, crowdbt (output: item,score) \
            and pairds (3-class Dawid–Skene per pair; output: left,right,label,confidence).
            --workers-out writes worker,weight (weight in [0, 1], see Docs/weighting.md; η for crowdbt).
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case mv, ds, onecoin, gold, bt, davidson, crowdbt, pairds
        var isPairwise: Bool { [.bt, .davidson, .crowdbt, .pairds].contains(self) }
    }

    @Option(help: "Answers CSV with a header row.")
    var answers: String

    @Option(help: "Method: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: Method = .ds

    @Option(help: "Gold CSV `task,label` (label column may also be named true_label, truth or gold); clamps those tasks.")
    var gold: String?

    @Option(help: "Output CSV.")
    var out: String

    @Option(name: .customLong("workers-out"), help: "Optional CSV of worker weights.")
    var workersOut: String?

    @Option(name: .customLong("agreement-out"), help: "Optional CSV `metric,value`: Fleiss' kappa and Krippendorff's alpha (categorical input).")
    var agreementOut: String?

    @Option(help: "Field delimiter: ',' (default), 'tab' or one character.")
    var delimiter: String = ","

    @Option(name: .customLong("task-column"), help: "Name of the task column.")
    var taskColumn: String = "task"

    @Option(name: .customLong("worker-column"), help: "Name of the worker column.")
    var workerColumn: String = "worker"

    @Option(name: .customLong("label-column"), help: "Name of the label column.")
    var labelColumn: String = "label"

    @Option(help: "Dirichlet smoothing α of the Dawid–Skene confusion matrices.")
    var smoothing: Double = 1

    @Option(name: .customLong("max-iterations"), help: "Upper bound on EM / MM iterations.")
    var maxIterations: Int?

    func run() throws {
        let sep = try delimiterByte()
        let bytes = try readFile(answers)
        if method.isPairwise {
            try runPairwise(bytes, sep)
        } else {
            try runCategorical(bytes, sep)
        }
    }

    // MARK: Categorical

    private func runCategorical(_ bytes: [UInt8], _ sep: UInt8) throws {
        let t = try table { () throws(TableError) in
            try DelimitedTable.parse(bytes, delimiter: sep, required: [taskColumn, workerColumn, labelColumn])
        }
        let tasks = t[0]
        let workers = t[1]
        let labels = t[2]
        let data = try CategoricalLabels(
            annotators: workers.codes, items: tasks.codes, labels: labels.codes,
            annotatorCount: workers.names.count, itemCount: tasks.names.count, classCount: labels.names.count)
        var options = DawidSkene.Options(smoothing: smoothing)
        if let m = maxIterations { options.maxIterations = m }
        if let g = gold { options.gold = try readGold(g, tasks: tasks.names, labels: labels.names, sep: sep) }
        if method == .gold && options.gold == nil {
            throw AggregateError("--method gold needs --gold FILE")
        }
        let result: CategoricalResult
        switch method {
        case .mv: result = try MajorityVote.fit(data)
        case .onecoin: result = try OneCoinDawidSkene.fit(data, options: options).result
        default: result = try DawidSkene.fit(data, options: options).result
        }
        var csv = "task,label,confidence\n"
        let conf = result.confidence
        for i in 0..<data.itemCount {
            csv += "\(csvField(tasks.names[i])),\(csvField(labels.names[Int(result.labels[i])])),\(conf[i])\n"
        }
        try write(csv, to: out)
        if let w = workersOut {
            let weights = try AnnotatorWeight.weights(fit: result, data: data)
            var s = "worker,weight\n"
            for a in 0..<data.annotatorCount { s += "\(csvField(workers.names[a])),\(weights[a])\n" }
            try write(s, to: w)
        }
        if let a = agreementOut {
            var s = "metric,value\n"
            func row(_ name: String, _ v: Double?) { s += "\(name),\(v.map { "\($0)" } ?? "")\n" }
            row("fleiss_kappa", try FleissKappa.compute(data))
            row("krippendorff_alpha_nominal", try KrippendorffAlpha.compute(data, level: .nominal))
            let numeric = labels.names.compactMap { Double($0) }
            if numeric.count == labels.names.count {
                let values = data.labels.map { numeric[Int($0)] }
                for level in [KrippendorffAlpha.Level.ordinal, .interval, .ratio] {
                    row(
                        "krippendorff_alpha_\(level.rawValue)",
                        try KrippendorffAlpha.compute(units: data.items, values: values, unitCount: data.itemCount, level: level))
                }
            }
            try write(s, to: a)
        }
    }

    private func readGold(_ path: String, tasks: [String], labels: [String], sep: UInt8) throws -> [Int32] {
        let bytes = try readFile(path)
        let header = try table(path) { () throws(TableError) in try DelimitedTable.header(bytes, delimiter: sep) }.map { $0.lowercased() }
        let taskName = header.contains(taskColumn.lowercased()) ? taskColumn : "task"
        guard let labelName = [labelColumn, "label", "true_label", "truth", "gold"].first(where: { header.contains($0.lowercased()) }) else {
            throw AggregateError(
                "\(path): the gold file needs a label column named label, true_label, truth or gold (found: \(header.joined(separator: ", ")))")
        }
        let g = try table(path) { () throws(TableError) in try DelimitedTable.parse(bytes, delimiter: sep, required: [taskName, labelName]) }
        let taskIndex = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1, Int32($0)) })
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, Int32($0)) })
        var out = [Int32](repeating: -1, count: tasks.count)
        for r in g.lines.indices {
            let task = g[0].names[Int(g[0].codes[r])]
            let label = g[1].names[Int(g[1].codes[r])]
            guard let i = taskIndex[task] else { continue }  // gold for a task nobody answered
            guard let y = labelIndex[label] else {
                throw AggregateError(
                    "\(path): line \(g.lines[r]), column '\(labelName)': gold label '\(label)' never appears among the answers' labels")
            }
            out[Int(i)] = y
        }
        return out
    }

    // MARK: Pairwise

    private func runPairwise(_ bytes: [UInt8], _ sep: UInt8) throws {
        let leftName = "left"
        let rightName = "right"
        let header = try table { () throws(TableError) in try DelimitedTable.header(bytes, delimiter: sep) }.map { $0.lowercased() }
        // bt and davidson ignore workers, so the worker column is optional for them (evalica's layout).
        let hasWorkers = header.contains(workerColumn.lowercased()) || method == .crowdbt || method == .pairds
        let required = hasWorkers ? [workerColumn, leftName, rightName, labelColumn] : [leftName, rightName, labelColumn]
        let parsed = try table { () throws(TableError) in try DelimitedTable.parse(bytes, delimiter: sep, required: required) }
        let cols =
            hasWorkers
            ? parsed.columns
            : [
                InternedColumn(
                    name: workerColumn, codes: [Int32](repeating: 0, count: parsed.lines.count), names: ["all"])
            ] + parsed.columns
        let t = ParsedTable(columns: cols, lines: parsed.lines)
        let workers = t[0]
        let lefts = t[1]
        let rights = t[2]
        let labels = t[3]
        let names = Array(Set(lefts.names).union(rights.names)).sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        let lMap = lefts.names.map { index[$0]! }
        let rMap = rights.names.map { index[$0]! }
        var firsts = [Int32]()
        var seconds = [Int32]()
        var outcomes = [PairwiseOutcome]()
        firsts.reserveCapacity(t.lines.count)
        seconds.reserveCapacity(t.lines.count)
        outcomes.reserveCapacity(t.lines.count)
        let labelColumnNumber = header.firstIndex(of: labelColumn.lowercased()).map { $0 + 1 } ?? 0
        for r in t.lines.indices {
            let l = lefts.names[Int(lefts.codes[r])]
            let rt = rights.names[Int(rights.codes[r])]
            let v = labels.names[Int(labels.codes[r])]
            if l == rt {
                throw AggregateError("\(answers): line \(t.lines[r]): '\(l)' is compared with itself")
            }
            let o: PairwiseOutcome
            switch v.lowercased() {
            case "left", "first": o = .firstBetter
            case "right", "second": o = .secondBetter
            case "tie", "draw", "equal": o = .tie
            default:
                if v == l {
                    o = .firstBetter
                } else if v == rt {
                    o = .secondBetter
                } else {
                    throw AggregateError(
                        "\(answers): line \(t.lines[r]), column \(labelColumnNumber) ('\(labelColumn)'): '\(v)' is neither left, right, tie nor one of the compared items '\(l)', '\(rt)'"
                    )
                }
            }
            firsts.append(lMap[Int(lefts.codes[r])])
            seconds.append(rMap[Int(rights.codes[r])])
            outcomes.append(o)
        }
        let data = try PairwiseComparisons(
            annotators: workers.codes, firsts: firsts, seconds: seconds, outcomes: outcomes,
            itemCount: names.count, annotatorCount: workers.names.count)
        var csv = "item,score\n"
        var workerWeights: [Double]?
        switch method {
        case .bt, .davidson:
            var o = BradleyTerry.Options(ties: method == .bt ? .halfWin : .davidson)
            if let m = maxIterations { o.maxIterations = m }
            let fit = try BradleyTerry.fit(data, options: o)
            for i in names.indices { csv += "\(csvField(names[i])),\(fit.scores[i])\n" }
        case .crowdbt:
            var o = CrowdBT.Options()
            if let m = maxIterations { o.maxIterations = m }
            let fit = try CrowdBT.fit(data, options: o)
            for i in names.indices { csv += "\(csvField(names[i])),\(fit.scores[i])\n" }
            workerWeights = fit.reliability
        default:
            let (cat, pairs) = data.canonicalLabels()
            var o = DawidSkene.Options(smoothing: smoothing)
            if let m = maxIterations { o.maxIterations = m }
            let fit = try DawidSkene.fit(cat, options: o)
            let conf = fit.result.confidence
            csv = "left,right,label,confidence\n"
            let outcomeName = ["left", "right", "tie"]
            for (p, pair) in pairs.enumerated() {
                csv +=
                    "\(csvField(names[Int(pair.first)])),\(csvField(names[Int(pair.second)])),\(outcomeName[Int(fit.result.labels[p])]),\(conf[p])\n"
            }
            workerWeights = try AnnotatorWeight.weights(fit: fit.result, data: cat)
        }
        try write(csv, to: out)
        if let w = workersOut {
            guard let weights = workerWeights else {
                throw AggregateError("--workers-out needs an annotator-aware method (crowdbt or pairds); \(method.rawValue) ignores workers")
            }
            var s = "worker,weight\n"
            for a in 0..<workers.names.count { s += "\(csvField(workers.names[a])),\(weights[a])\n" }
            try write(s, to: w)
        }
    }

    // MARK: Helpers

    private func delimiterByte() throws -> UInt8 {
        if delimiter == "tab" || delimiter == "\\t" { return UInt8(ascii: "\t") }
        guard delimiter.utf8.count == 1, let b = delimiter.utf8.first else {
            throw ValidationError("--delimiter must be one character or 'tab'")
        }
        return b
    }

    private func table<T>(_ path: String? = nil, _ body: () throws(TableError) -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw AggregateError("\(path ?? answers): \(error)")
        }
    }

    private func readFile(_ path: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw AggregateError("cannot read '\(path)' (missing or unreadable)")
        }
        return [UInt8](d)
    }

    private func write(_ s: String, to path: String) throws {
        do {
            try s.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AggregateError("cannot write '\(path)': \(error.localizedDescription)")
        }
    }
}

/// A user-facing error of `assay aggregate`.
struct AggregateError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Quotes a CSV field when it needs it.
private func csvField(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
}
