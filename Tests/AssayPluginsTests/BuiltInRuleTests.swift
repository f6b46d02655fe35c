import AssayPluginAPI
import AssayPlugins
import Foundation
import Testing

/// The built-in rules, loaded from the `.so` files `swift build` put beside the test executable.
@Suite struct BuiltInRuleTests {
    static let planted = SyntheticSnapshot(speeders: [3, 17], leftClickers: [5], goldGuessers: [9]).make()

    /// Only the built-in locations beside the executable (no extra directories).
    static var builtInPaths: PluginSearchPaths { .standard(executableDirectory: TestPaths.buildProducts) }

    /// Every rule the built-in plugins provide.
    static let builtInRuleIDs: [String] = PluginInspector.list(searchPaths: builtInPaths, runnerExecutable: TestPaths.runner)
        .compactMap { try? $0.result.get() }.flatMap { $0.rules.map(\.id) }

    /// A configuration with every built-in rule disabled, so a test enables exactly the rules it checks.
    static func onlyRules() -> PluginConfiguration {
        var config = PluginConfiguration()
        for id in builtInRuleIDs { config.rules[id] = RuleSettings(enabled: false) }
        return config
    }

    @Test func builtInPluginsAreFoundBesideTheExecutableWithoutConfiguration() throws {
        let listings = PluginInspector.list(searchPaths: Self.builtInPaths, runnerExecutable: TestPaths.runner)
        let byName = Dictionary(listings.map { (URL(fileURLWithPath: $0.path).lastPathComponent, $0) }, uniquingKeysWith: { a, _ in a })
        for (file, rule) in [("libAssayRuleSpeed.so", "speed"), ("libAssayRuleShownPosition.so", "shown-position")] {
            let listing = try #require(byName[file], "\(file) not found in \(TestPaths.buildProducts.path)")
            let plugin = try listing.result.get()
            #expect(listing.allowed)
            #expect(plugin.file.origin == .builtIn)
            #expect(plugin.isolation == .inProcess)
            #expect(plugin.abiVersion == PluginABI.version)
            #expect(plugin.rules.map(\.id) == [rule])
            #expect(plugin.file.digest == (try PluginFile.sha256(ofFileAt: listing.path)))
        }
        #expect(!byName.keys.contains("libAssayPluginAPI.so"))
    }

    @Test(arguments: [RuleIsolation.inProcess, .runner])
    func speedRuleFindsPlantedSpeeders(isolation: RuleIsolation) throws {
        let report = try run(rule: "speed", isolation: isolation, snapshot: Self.planted)
        let findings = try #require(report.results.first).findings
        #expect(findings.map(\.subject) == [.annotator(3), .annotator(17)])
        for finding in findings {
            #expect(finding.action == .flagForReview)
            guard case .pValue(let p) = finding.strength else {
                Issue.record("expected a p-value")
                continue
            }
            #expect(p < 1e-3)
            #expect(finding.evidence.contains { $0.name == "median_duration_ms" })
        }
    }

    @Test(arguments: [RuleIsolation.inProcess, .runner])
    func shownPositionRuleFindsTheLeftClicker(isolation: RuleIsolation) throws {
        let report = try run(rule: "shown-position", isolation: isolation, snapshot: Self.planted)
        let findings = try #require(report.results.first).findings
        #expect(findings.map(\.subject) == [.annotator(5)])
        // Choosing the first-shown response every time (above `exclude_share`) excludes the annotator.
        #expect(findings.first?.action == .excludeAnnotator)
    }

    @Test func inProcessAndRunnerGiveIdenticalFindings() throws {
        let inProcess = try run(rule: nil, isolation: .inProcess, snapshot: Self.planted)
        let runner = try run(rule: nil, isolation: .runner, snapshot: Self.planted)
        #expect(inProcess.results.count == 2)
        #expect(inProcess.results.map(\.rule.id) == runner.results.map(\.rule.id))
        #expect(inProcess.results.map(\.findings) == runner.results.map(\.findings))
        #expect(inProcess.results.allSatisfy { $0.isolation == .inProcess })
        #expect(runner.results.allSatisfy { $0.isolation == .runner })
        #expect(!inProcess.results.flatMap(\.findings).isEmpty)
    }

    @Test func configuredParametersReachTheRule() throws {
        var config = Self.onlyRules()
        config.rules["speed"] = RuleSettings(parameters: ["z_threshold": .int(1000)])
        config.rules["shown-position"] = RuleSettings(enabled: false)
        let host = try PluginHost(configuration: config, searchPaths: Self.builtInPaths, runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        let report = try host.run(snapshot: Self.planted)
        #expect(report.results.map(\.rule.id) == ["speed"])
        #expect(report.results[0].parameters.values["z_threshold"] == .double(1000))
        #expect(report.results[0].findings.isEmpty)
    }

    @Test func ruleParameterErrorsAreRecordedAsThrown() throws {
        var config = Self.onlyRules()
        config.rules["speed"] = RuleSettings(parameters: ["z_threshold": .double(-1)])
        config.rules["shown-position"] = RuleSettings(enabled: false)
        config.onRuleFailure = .skip
        let host = try PluginHost(configuration: config, searchPaths: Self.builtInPaths, runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        let report = try host.run(snapshot: Self.planted)
        #expect(report.failedRules.map(\.rule.id) == ["speed"])
        #expect(report.results[0].failure?.code == "threw")
    }

    @Test func invalidSnapshotIsRefusedBeforeAnyRuleRuns() throws {
        let good = Self.planted
        let bad = SnapshotView(
            annotators: AnnotatorTable(ids: StringColumn(["only-one"]), firstSeenMs: [0]), items: good.items, ratings: good.ratings
        )
        let host = try PluginHost(configuration: PluginConfiguration(), searchPaths: Self.builtInPaths, runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        #expect(throws: RuleRunError.self) { try host.run(snapshot: bad) }
    }

    private func run(rule: String?, isolation: RuleIsolation, snapshot: SnapshotView) throws -> RuleRunReport {
        var config = Self.onlyRules()
        for id in ["speed", "shown-position"] {
            config.rules[id] = RuleSettings(enabled: rule == nil || rule == id, isolation: isolation)
        }
        let host = try PluginHost(configuration: config, searchPaths: Self.builtInPaths, runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        return try host.run(snapshot: snapshot)
    }
}
