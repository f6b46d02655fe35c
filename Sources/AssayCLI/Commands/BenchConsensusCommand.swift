import ArgumentParser
import AssayConsensus
import Foundation

/// `assay bench consensus`: times the consensus methods on seeded synthetic data.
///
/// Categorical data: `--labels` labels over `labels / --labels-per-item` items, `--annotators`
/// annotators, `--classes` classes (see `SyntheticCrowd.categorical`). Pairwise data:
/// `--comparisons` comparisons over `--responses` items by `--annotators` annotators. Prints time
/// per EM iteration, total time, accuracy against the generated truth and peak RSS (VmHWM).
struct BenchConsensusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "consensus",
        abstract: "Benchmark Dawid–Skene and Bradley–Terry on seeded synthetic crowd data."
    )

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case mv, ds, onecoin, bt, crowdbt, all
    }

    @Option(help: "Total categorical labels.")
    var labels: Int = 1_000_000

    @Option(name: .customLong("labels-per-item"), help: "Labels per item.")
    var labelsPerItem: Int = 10

    @Option(help: "Annotators.")
    var annotators: Int = 2_000

    @Option(help: "Classes.")
    var classes: Int = 5

    @Option(help: "Pairwise comparisons.")
    var comparisons: Int = 200_000

    @Option(help: "Items (responses) being compared.")
    var responses: Int = 10_000

    @Option(help: "Methods to time: \(Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: [Method] = [.ds, .bt]

    @Option(help: "Fixed EM iterations for DS (no early stop), as crowd-kit's n_iter; 0 = run to convergence.")
    var iterations: Int = 0

    @Option(help: "PRNG seed.")
    var seed: UInt64 = 42

    @Option(
        name: .customLong("write-csv"),
        help: "Also write the generated categorical labels as task,worker,label CSV (for running crowd-kit on the same data).")
    var writeCSV: String?

    func run() throws {
        let methods = Set(method.contains(.all) ? Method.allCases : method)
        let clock = ContinuousClock()
        if !methods.isDisjoint(with: [.mv, .ds, .onecoin]) {
            let items = Swift.max(1, labels / labelsPerItem)
            var generated: (data: CategoricalLabels, truth: [Int32])?
            let g = try clock.measure {
                generated = try SyntheticCrowd.categorical(
                    items: items, labelsPerItem: labelsPerItem, annotators: annotators, classes: classes, seed: seed)
            }
            let (data, truth) = generated!
            if let path = writeCSV {
                var s = "task,worker,label\n"
                s.reserveCapacity(data.count * 16)
                for r in 0..<data.count { s += "t\(data.items[r]),w\(data.annotators[r]),\(data.labels[r])\n" }
                try s.write(toFile: path, atomically: true, encoding: .utf8)
                var g = "task,label\n"
                for (i, y) in truth.enumerated() { g += "t\(i),\(y)\n" }
                try g.write(toFile: path + ".truth.csv", atomically: true, encoding: .utf8)
            }
            print(
                "categorical: \(data.count) labels, \(items) items × \(labelsPerItem), \(annotators) annotators, \(classes) classes (generated in \(fmt(g)))"
            )
            func accuracy(_ l: [Int32]) -> String {
                String(format: "%.4f", Double(zip(l, truth).filter { $0 == $1 }.count) / Double(items))
            }
            if methods.contains(.mv) {
                var r: CategoricalResult?
                let t = try clock.measure { r = try MajorityVote.fit(data) }
                print("  mv       total \(fmt(t))  accuracy \(accuracy(r!.labels))")
            }
            var options = DawidSkene.Options()
            if iterations > 0 {
                options.maxIterations = iterations
                options.tolerance = -1
            }
            for m in [Method.ds, .onecoin] where methods.contains(m) {
                var fit: DawidSkene.Fit?
                let cpu0 = cpuSeconds()
                let t = try clock.measure {
                    fit = m == .ds ? try DawidSkene.fit(data, options: options) : try OneCoinDawidSkene.fit(data, options: options)
                }
                let cpu = cpuSeconds() - cpu0
                let f = fit!.result
                let it = Double(Swift.max(f.iterations, 1))
                print(
                    "  \(m.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) total \(fmt(t)) (cpu \(String(format: "%.3f s", cpu)))  iterations \(f.iterations)  per iteration \(String(format: "%.4f s", seconds(t) / it)) (cpu \(String(format: "%.4f s", cpu / it)))  accuracy \(accuracy(f.labels))  converged \(f.converged)"
                )
            }
            print("  peak RSS \(peakRSS())")
        }
        if !methods.isDisjoint(with: [.bt, .crowdbt]) {
            var generated: (data: PairwiseComparisons, logStrength: [Double])?
            let g = try clock.measure {
                generated = try SyntheticCrowd.pairwise(
                    items: responses, comparisons: comparisons, annotators: annotators, tieRate: 0.1, adversarialFraction: 0.05, seed: seed)
            }
            let data = generated!.data
            print("pairwise: \(comparisons) comparisons over \(responses) responses, \(annotators) annotators (generated in \(fmt(g)))")
            if methods.contains(.bt) {
                var fit: BradleyTerry.Fit?
                let cpu0 = cpuSeconds()
                let t = try clock.measure { fit = try BradleyTerry.fit(data, options: .init(tolerance: 1e-8)) }
                let cpu = cpuSeconds() - cpu0
                print(
                    "  bt       total \(fmt(t)) (cpu \(String(format: "%.3f s", cpu)))  iterations \(fit!.iterations)  per iteration \(String(format: "%.5f s", seconds(t) / Double(fit!.iterations)))  converged \(fit!.converged)"
                )
            }
            if methods.contains(.crowdbt) {
                var fit: CrowdBT.Fit?
                let t = try clock.measure { fit = try CrowdBT.fit(data) }
                print(
                    "  crowdbt  total \(fmt(t))  iterations \(fit!.iterations)  per iteration \(String(format: "%.5f s", seconds(t) / Double(fit!.iterations)))  converged \(fit!.converged)"
                )
            }
            print("  peak RSS \(peakRSS())")
        }
    }
}

private func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}

/// CPU time of this process (robust to other processes sharing the cores).
private func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

private func fmt(_ d: Duration) -> String { String(format: "%.3f s", seconds(d)) }

/// Peak resident set size from /proc/self/status (VmHWM), or "unknown" off Linux.
private func peakRSS() -> String {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return "unknown" }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first.flatMap { Double($0) } ?? 0
        return String(format: "%.1f MB", kb / 1024)
    }
    return "unknown"
}
