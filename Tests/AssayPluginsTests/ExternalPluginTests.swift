import AssayCrypto
import AssayPluginAPI
import AssayPlugins
import Foundation
import Testing

/// The out-of-tree example package, built by the test and loaded from its own build folder.
@Suite struct ExternalPluginTests {
    @Test func outOfTreeExampleRunsInTheRunnerByDefault() throws {
        let directory = try FixturePlugins.exampleDirectory()
        let snapshot = SyntheticSnapshot(goldGuessers: [9, 21]).make()
        let host = try PluginHost(
            configuration: PluginConfiguration(), searchPaths: .init(directories: [.init(url: directory, origin: .external)]),
            runnerExecutable: TestPaths.runner
        )
        defer { host.shutdown() }
        #expect(host.plugins.map(\.file.origin) == [.external])
        #expect(host.plugins.flatMap(\.rules).map(\.id) == ["gold-accuracy"])
        let report = try host.run(snapshot: snapshot)
        let result = try #require(report.results.first)
        #expect(result.isolation == .runner)
        #expect(result.findings.map(\.subject) == [.annotator(9), .annotator(21)])
        #expect(result.plugin.path.hasSuffix("libExampleGoldRule.so"))
        #expect(report.plugins.map(\.digest) == [try PluginFile.sha256(ofFileAt: result.plugin.path)])
        let missed = result.findings[0].evidence.first { $0.name == "missed_gold_ratings" }
        guard case .ids(let ids)? = missed?.value else {
            Issue.record("no missed_gold_ratings evidence")
            return
        }
        #expect(ids.allSatisfy { $0.hasPrefix("r-9-") })
    }

    @Test func outOfTreeExampleAlsoRunsInProcessWithTheSameFindings() throws {
        let directory = try FixturePlugins.exampleDirectory()
        let snapshot = SyntheticSnapshot(goldGuessers: [9]).make()
        var findings: [[Finding]] = []
        for isolation in [RuleIsolation.inProcess, .runner] {
            var config = PluginConfiguration()
            config.rules["gold-accuracy"] = RuleSettings(isolation: isolation, parameters: ["min_gold": .int(3)])
            let host = try PluginHost(configuration: config, extraDirectories: [directory], runnerExecutable: TestPaths.runner)
            defer { host.shutdown() }
            let report = try host.run(snapshot: snapshot)
            let result = try #require(report.results.first { $0.rule.id == "gold-accuracy" })
            #expect(result.isolation == isolation)
            findings.append(result.findings)
        }
        #expect(findings[0] == findings[1])
        #expect(findings[0].map(\.subject) == [.annotator(9)])
    }

    @Test func allowlistAdmitsListedDigestAndRefusesAChangedBinary() throws {
        let original = try FixturePlugins.exampleDirectory().appendingPathComponent("libExampleGoldRule.so")
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("libExampleGoldRule.so")
        try FileManager.default.copyItem(at: original, to: copy)
        let digest = try PluginFile.sha256(ofFileAt: copy.path)

        var config = PluginConfiguration()
        config.trustedDigests = [digest]
        let paths = PluginSearchPaths(directories: [.init(url: directory, origin: .external)])
        let host = try PluginHost(configuration: config, searchPaths: paths, runnerExecutable: TestPaths.runner)
        #expect(host.plugins.map(\.file.digest) == [digest])
        host.shutdown()

        // Flip one byte near the end (inside the ELF section headers region or padding: the file stays the same size).
        var bytes = try Data(contentsOf: copy)
        bytes[bytes.count - 100] ^= 0xFF
        try bytes.write(to: copy)
        let changed = SHA256Digest.hash(bytes)
        #expect(changed != digest)
        do {
            _ = try PluginHost(configuration: config, searchPaths: paths, runnerExecutable: TestPaths.runner)
            Issue.record("a changed binary was loaded")
        } catch let error as PluginLoadError {
            #expect(error == .untrusted(path: copy.resolvingSymlinksInPath().path, digest: changed.hex))
            #expect(error.description.contains(changed.hex))
            #expect(error.description.contains("libExampleGoldRule.so"))
        }
        let listing = PluginInspector.inspect(copy, configuration: config, runnerExecutable: TestPaths.runner)
        #expect(!listing.allowed)
    }
}
