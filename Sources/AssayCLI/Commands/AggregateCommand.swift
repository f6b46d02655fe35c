import ArgumentParser
import AssayConsensus
import AssayIngest
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
        /// bt and davidson ignore workers, so the worker column is optional for them (evalica's layout).
        var needsWorkers: Bool { self == .crowdbt || self == .pairds }
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
        let columns = CrowdKitColumns(task: taskColumn, worker: workerColumn, label: labelColumn)
        do {
            if method.isPairwise {
                try runPairwise(CrowdKitPairwiseTable(bytes, source: answers, delimiter: sep, columns: columns, requireWorkers: method.needsWorkers))
            } else {
                let table = try CrowdKitCategoricalTable(bytes, source: answers, delimiter: sep, columns: columns)
                let gold = try gold.map { path in try table.gold(try readFile(path), source: path, delimiter: sep) }
                try runCategorical(table, gold: gold)
            }
        } catch let error as CrowdKitError {
            throw AggregateError(error.description)
        }
    }

    // MARK: Categorical

    private func runCategorical(_ table: CrowdKitCategoricalTable, gold: [Int32]?) throws {
        let data = table.data
        var options = DawidSkene.Options(smoothing: smoothing)
        if let m = maxIterations { options.maxIterations = m }
        options.gold = gold
        if method == .gold && gold == nil {
            throw AggregateError("--method gold needs --gold FILE")
        }
        let result: CategoricalResult
        switch method {
        case .mv: result = try MajorityVote.fit(data)
        case .onecoin: result = try OneCoinDawidSkene.fit(data, options: options).result
        default: result = try DawidSkene.fit(data, options: options).result
        }
        let confidence = result.confidence
        try write(
            CrowdKitCSV.table(
                ["task", "label", "confidence"],
                (0..<data.itemCount).map { [table.tasks[$0], table.labels[Int(result.labels[$0])], "\(confidence[$0])"] }),
            to: out)
        if let path = workersOut {
            try writeWeights(try AnnotatorWeight.weights(fit: result, data: data), workers: table.workers, to: path)
        }
        if let path = agreementOut {
            var rows: [[String]] = []
            func row(_ name: String, _ value: Double?) { rows.append([name, value.map { "\($0)" } ?? ""]) }
            row("fleiss_kappa", try FleissKappa.compute(data))
            row("krippendorff_alpha_nominal", try KrippendorffAlpha.compute(data, level: .nominal))
            if let numeric = table.numericLabels {
                let values = data.labels.map { numeric[Int($0)] }
                for level in [KrippendorffAlpha.Level.ordinal, .interval, .ratio] {
                    row(
                        "krippendorff_alpha_\(level.rawValue)",
                        try KrippendorffAlpha.compute(units: data.items, values: values, unitCount: data.itemCount, level: level))
                }
            }
            try write(CrowdKitCSV.table(["metric", "value"], rows), to: path)
        }
    }

    // MARK: Pairwise

    private func runPairwise(_ table: CrowdKitPairwiseTable) throws {
        let data = table.data
        let names = table.items
        var csv = ""
        var workerWeights: [Double]?
        switch method {
        case .bt, .davidson:
            var o = BradleyTerry.Options(ties: method == .bt ? .halfWin : .davidson)
            if let m = maxIterations { o.maxIterations = m }
            let fit = try BradleyTerry.fit(data, options: o)
            csv = CrowdKitCSV.table(["item", "score"], names.indices.map { [names[$0], "\(fit.scores[$0])"] })
        case .crowdbt:
            var o = CrowdBT.Options()
            if let m = maxIterations { o.maxIterations = m }
            let fit = try CrowdBT.fit(data, options: o)
            csv = CrowdKitCSV.table(["item", "score"], names.indices.map { [names[$0], "\(fit.scores[$0])"] })
            workerWeights = fit.reliability
        default:
            let (categorical, pairs) = data.canonicalLabels()
            var o = DawidSkene.Options(smoothing: smoothing)
            if let m = maxIterations { o.maxIterations = m }
            let fit = try DawidSkene.fit(categorical, options: o)
            let confidence = fit.result.confidence
            let outcomeName = ["left", "right", "tie"]
            csv = CrowdKitCSV.table(
                ["left", "right", "label", "confidence"],
                pairs.enumerated().map { p, pair in
                    [names[Int(pair.first)], names[Int(pair.second)], outcomeName[Int(fit.result.labels[p])], "\(confidence[p])"]
                })
            workerWeights = try AnnotatorWeight.weights(fit: fit.result, data: categorical)
        }
        try write(csv, to: out)
        if let path = workersOut {
            guard let weights = workerWeights else {
                throw AggregateError("--workers-out needs an annotator-aware method (crowdbt or pairds); \(method.rawValue) ignores workers")
            }
            try writeWeights(weights, workers: table.workers, to: path)
        }
    }

    // MARK: Helpers

    private func writeWeights(_ weights: [Double], workers: [String], to path: String) throws {
        try write(CrowdKitCSV.table(["worker", "weight"], workers.indices.map { [workers[$0], "\(weights[$0])"] }), to: path)
    }

    private func delimiterByte() throws -> UInt8 {
        if delimiter == "tab" || delimiter == "\\t" { return UInt8(ascii: "\t") }
        guard delimiter.utf8.count == 1, let b = delimiter.utf8.first else {
            throw ValidationError("--delimiter must be one character or 'tab'")
        }
        return b
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
