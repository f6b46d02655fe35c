import AssayConsensus
import AssayPluginAPI
import AssayPlugins
import Foundation
import Testing

/// Broken plugins give their documented typed error, in process and in the runner, and the host lives on.
@Suite struct MalformedPluginTests {
    /// (fixture file, expected `PluginLoadError.code`).
    static let loadCases: [(String, String)] = [
        ("libTestWrongABI.so", "abi_mismatch"),
        ("libTestMissingEntryPoint.so", "missing_entry_point"),
        ("libTestNotAPlugin.so", "not_a_plugin"),
        ("random-bytes.so", "not_loadable"),
        ("does-not-exist.so", "unreadable"),
    ]

    static func file(_ name: String) throws -> URL {
        switch name {
        case "random-bytes.so":
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("assay-random-bytes-\(getpid()).so")
            var rng = SplitMix64(seed: 7)
            try Data((0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }).write(to: url)
            return url
        case "does-not-exist.so":
            return URL(fileURLWithPath: "/nonexistent/assay/does-not-exist.so")
        default:
            return try FixturePlugins.testPlugin(name)
        }
    }

    @Test(arguments: loadCases, [RuleIsolation.inProcess, .runner])
    func malformedPluginGivesTypedError(fixture: (String, String), isolation: RuleIsolation) throws {
        let url = try Self.file(fixture.0)
        let listing = PluginInspector.inspect(url, isolation: isolation, runnerExecutable: TestPaths.runner)
        switch listing.result {
        case .success(let plugin):
            Issue.record("\(fixture.0) loaded as \(plugin.rules.map(\.id))")
        case .failure(let error):
            #expect(error.code == fixture.1, "\(error)")
            #expect(error.description.contains(url.lastPathComponent), "the message names the file: \(error)")
            if case .abiMismatch(_, let found, let expected) = error {
                #expect(found == 999)
                #expect(expected == PluginABI.version)
            }
        }
    }

    @Test func malformedPluginFailsHostUnlessSkipped() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: try FixturePlugins.testPlugin("libTestWrongABI.so"), to: directory.appendingPathComponent("libTestWrongABI.so"))
        try FileManager.default.copyItem(
            at: try FixturePlugins.testPlugin("libTestNoopRule.so"), to: directory.appendingPathComponent("libTestNoopRule.so"))
        let paths = PluginSearchPaths(directories: [.init(url: directory, origin: .external)])
        #expect(throws: PluginLoadError.self) {
            _ = try PluginHost(configuration: PluginConfiguration(), searchPaths: paths, runnerExecutable: TestPaths.runner)
        }
        var config = PluginConfiguration()
        config.onRuleFailure = .skip
        let host = try PluginHost(configuration: config, searchPaths: paths, runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        #expect(host.loadFailures.map(\.code) == ["abi_mismatch"])
        let report = try host.run(snapshot: SyntheticSnapshot().make())
        #expect(report.results.map(\.rule.id) == ["noop"])
        #expect(report.pluginFailures.map(\.code) == ["abi_mismatch"])
    }

    /// Runs one fixture rule in the runner with the given policy and timeout.
    private func runFixtureRule(_ file: String, policy: RuleFailurePolicy, timeout: Double = 30) throws -> RuleRunReport {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in [file, "libTestNoopRule.so"] {
            try FileManager.default.copyItem(at: try FixturePlugins.testPlugin(name), to: directory.appendingPathComponent(name))
        }
        var config = PluginConfiguration()
        config.onRuleFailure = policy
        config.ruleTimeoutSeconds = timeout
        let host = try PluginHost(
            configuration: config, searchPaths: .init(directories: [.init(url: directory, origin: .external)]), runnerExecutable: TestPaths.runner
        )
        defer { host.shutdown() }
        return try host.run(snapshot: SyntheticSnapshot().make())
    }

    @Test func fatalErrorInARuleIsContainedByTheRunner() throws {
        let report = try runFixtureRule("libTestFatalRule.so", policy: .skip)
        #expect(report.results.map(\.rule.id) == ["fatal", "noop"])
        guard case .crashed(let reason)? = report.results[0].failure else {
            Issue.record("expected crashed, got \(report.results[0].outcome)")
            return
        }
        #expect(reason.contains("signal"), "\(reason)")
        #expect(report.results[1].failure == nil, "the next rule still runs")
    }

    @Test func fatalErrorFailsTheRunWhenPolicyIsFail() throws {
        do {
            _ = try runFixtureRule("libTestFatalRule.so", policy: .fail)
            Issue.record("the run did not fail")
        } catch let error as RuleRunError {
            guard case .ruleFailed(let result) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(result.rule.id == "fatal")
            #expect(result.failure?.code == "crashed")
            #expect(error.description.contains("fatal"))
            #expect(error.description.contains(result.plugin.digest.hex))
        }
    }

    @Test func hangingRuleIsKilledAtItsTimeout() throws {
        let report = try runFixtureRule("libTestSleepyRule.so", policy: .skip, timeout: 1)
        #expect(report.results.map(\.rule.id) == ["noop", "sleepy"])
        #expect(report.results[1].failure == .timedOut(seconds: 1))
        #expect(report.results[1].seconds < 5, "killed soon after the timeout")
    }

    @Test func throwingRuleIsRecordedWithItsMessage() throws {
        let report = try runFixtureRule("libTestThrowingRule.so", policy: .skip)
        let failure = try #require(report.results.first { $0.rule.id == "throwing" }?.failure)
        guard case .threw(let message) = failure else {
            Issue.record("\(failure)")
            return
        }
        #expect(message.contains("fails on purpose (2400 ratings)"))
    }
}

@Suite struct PluginDirectoryTests {
    @Test func aMissingPluginDirectoryIsAnErrorNotSilence() {
        let missing = URL(fileURLWithPath: "/nonexistent/assay-rules")
        do {
            _ = try PluginHost(configuration: PluginConfiguration(), extraDirectories: [missing], runnerExecutable: TestPaths.runner)
            Issue.record("no error")
        } catch let error as PluginLoadError {
            #expect(error == .unreadable(path: missing.path, reason: "no such plugin directory (from --plugins or plugin_dirs)"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func theAPILibraryAndNonPluginFilesAreNotCandidates() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["libAssayPluginAPI.so", "notes.txt", "b.so", "a.so"] {
            _ = FileManager.default.createFile(atPath: directory.appendingPathComponent(name).path, contents: Data())
        }
        let paths = PluginSearchPaths(directories: [.init(url: directory, origin: .external), .init(url: directory, origin: .external)])
        #expect(paths.candidateFiles().map(\.url.lastPathComponent) == ["a.so", "b.so"])
    }
}
