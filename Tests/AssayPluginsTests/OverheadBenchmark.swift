import AssayConsensus
import AssayPluginAPI
import Foundation
import Testing

@testable import AssayPlugins

/// Overhead of the rule runner: a no-op rule over a generated 1M-rating snapshot, in process vs runner.
///
/// Off by default (it allocates ~1 GB and takes a few seconds). Run:
/// `ASSAY_PLUGIN_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter OverheadBenchmark`
@Suite struct OverheadBenchmark {
    static var ratings: Int { Int(ProcessInfo.processInfo.environment["ASSAY_PLUGIN_BENCH_RATINGS"] ?? "") ?? 1_000_000 }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["ASSAY_PLUGIN_BENCH"] == "1"))
    func noopRuleInProcessVersusRunner() throws {
        let n = Self.ratings
        let clock = ContinuousClock()
        var snapshot: SnapshotView!
        let generation = clock.measure { snapshot = Self.snapshot(ratings: n) }
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: try FixturePlugins.testPlugin("libTestNoopRule.so"), to: directory.appendingPathComponent("libTestNoopRule.so"))
        var timings: [RuleIsolation: [Double]] = [:]
        for isolation in [RuleIsolation.inProcess, .runner] {
            for _ in 0..<3 {
                var config = PluginConfiguration()
                config.rules["noop"] = RuleSettings(isolation: isolation)
                let host = try PluginHost(
                    configuration: config, searchPaths: .init(directories: [.init(url: directory, origin: .external)]),
                    runnerExecutable: TestPaths.runner
                )
                let start = clock.now
                let report = try host.run(snapshot: snapshot)
                let elapsed = clock.now - start
                host.shutdown()
                #expect(report.results.first?.findings == [])
                timings[isolation, default: []].append(Double(elapsed.components.attoseconds) * 1e-18 + Double(elapsed.components.seconds))
            }
        }
        var frame: [UInt8] = []
        let encode = clock.measure { frame = RunnerRequest.encodedSnapshot(snapshot, ConsensusView()) }
        var decoded: SnapshotView?
        let decode = clock.measure {
            var reader = WireReader(frame)
            decoded = try? reader.readSnapshot()
        }
        let validate = clock.measure { _ = decoded?.validate() }
        print("OverheadBenchmark: frame \(frame.count) bytes, encode \(encode), decode \(decode), validate \(validate)")
        let inProcess = timings[.inProcess]!.min()!
        let runner = timings[.runner]!.min()!
        print(
            """
            OverheadBenchmark: \(n) ratings (snapshot generated in \(generation))
              in process: best \(String(format: "%.3f", inProcess)) s of \(timings[.inProcess]!.map { String(format: "%.3f", $0) })
              runner:     best \(String(format: "%.3f", runner)) s of \(timings[.runner]!.map { String(format: "%.3f", $0) })
              runner overhead: \(String(format: "%.3f", runner - inProcess)) s
            """
        )
    }

    /// A pairwise snapshot with `n` ratings, 10k annotators, n/10 items.
    static func snapshot(ratings n: Int) -> SnapshotView {
        var rng = SplitMix64(seed: 1)
        let annotators = 10_000
        let items = max(n / 10, 1)
        var ids: [String] = []
        ids.reserveCapacity(n)
        var annotator = [Int32](repeating: 0, count: n)
        var item = [Int32](repeating: 0, count: n)
        var submitted = [Int64](repeating: 0, count: n)
        var duration = [Int64](repeating: 0, count: n)
        var choice = [Int8](repeating: 0, count: n)
        var shown: [Int32] = []
        var offsets: [Int32] = [0]
        offsets.reserveCapacity(n + 1)
        for row in 0..<n {
            let random = rng.next()
            ids.append("r-\(row)")
            annotator[row] = Int32(random % UInt64(annotators))
            item[row] = Int32((random >> 20) % UInt64(items))
            submitted[row] = 1_700_000_000_000 + Int64(row) * 1000
            duration[row] = Int64((random >> 40) % 30_000)
            choice[row] = Int8((random >> 60) % 3)
            if random & 1 == 1 { shown += [1, 0] }
            offsets.append(Int32(shown.count))
        }
        return SyntheticSnapshot.pairwise(
            annotatorCount: annotators, itemCount: items, ids: ids, annotator: annotator, item: item, submitted: submitted,
            duration: duration, shown: Ragged(values: shown, offsets: offsets)!, choice: choice,
            strength: [Float](repeating: .nan, count: n), gold: [Int8](repeating: -1, count: n)
        )
    }
}
