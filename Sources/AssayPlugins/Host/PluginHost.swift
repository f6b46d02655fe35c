import AssayPluginAPI
import Foundation
import Logging

/// Finds, verifies, loads and runs rule plugins. The entry point of a cleaning run:
///
/// ```swift
/// let config = try PluginConfiguration.load(contentsOf: configURL)
/// let host = try PluginHost(configuration: config, extraDirectories: pluginDirsFromCommandLine)
/// defer { host.shutdown() }
/// let report = try host.run(snapshot: snapshot, consensus: consensus)
/// ```
///
/// Loading: every candidate file is hashed first; with `trusted_plugins` set an unlisted digest stops with
/// ``PluginLoadError/untrusted(path:digest:)``. Built-in plugins are loaded into this process, external ones
/// into an `assay-rule-runner` child (so even their static initialisers run outside the host). Then the
/// configuration is validated against the rules' schemas.
public final class PluginHost {
    /// The configuration in force.
    public let configuration: PluginConfiguration
    /// The plugins that loaded.
    public private(set) var plugins: [LoadedPlugin] = []
    /// Plugins that failed to load and were skipped (only with `on_rule_failure: skip`; otherwise loading throws).
    public private(set) var loadFailures: [PluginLoadError] = []
    /// The `assay-rule-runner` executable used for runner isolation.
    public let runnerExecutable: URL

    private var libraries: [String: PluginLibrary] = [:]
    private var runners: [String: RunnerProcess] = [:]
    private var snapshotToken = 0
    private let logger = Logger(label: "assay.plugins")

    /// The default runner: `$ASSAY_RULE_RUNNER`, else `assay-rule-runner` beside the running executable.
    public static var defaultRunnerExecutable: URL {
        if let path = ProcessInfo.processInfo.environment["ASSAY_RULE_RUNNER"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return PluginSearchPaths.executableDirectory.appendingPathComponent("assay-rule-runner")
    }

    /// Discovers and loads plugins from the standard built-in locations plus `extraDirectories`
    /// (`--plugins`) and the configuration's `plugin_dirs`.
    public convenience init(
        configuration: PluginConfiguration, extraDirectories: [URL] = [], runnerExecutable: URL = PluginHost.defaultRunnerExecutable
    ) throws {
        let paths = PluginSearchPaths.standard(extra: extraDirectories + configuration.pluginDirectories)
        try self.init(configuration: configuration, searchPaths: paths, runnerExecutable: runnerExecutable)
    }

    /// Loads plugins from explicit search paths.
    /// - Throws: ``PluginLoadError`` (missing plugin directory; untrusted plugin; any load failure unless
    ///   `on_rule_failure` is `skip`),
    ///   ``PluginConfigurationError`` (config does not fit the rules' schemas).
    public init(configuration: PluginConfiguration, searchPaths: PluginSearchPaths, runnerExecutable: URL = PluginHost.defaultRunnerExecutable) throws
    {
        self.configuration = configuration
        self.runnerExecutable = runnerExecutable
        var plugins: [LoadedPlugin] = []
        var failures: [PluginLoadError] = []
        var owners: [String: String] = [:]
        if let missing = searchPaths.missingDirectories().first {
            throw PluginLoadError.unreadable(path: missing.path, reason: "no such plugin directory (from --plugins or plugin_dirs)")
        }
        for candidate in searchPaths.candidateFiles() {
            do {
                let file = try PluginFile.hash(candidate.url, origin: candidate.origin)
                if let trusted = configuration.trustedDigests, !trusted.contains(file.digest) {
                    throw PluginLoadError.untrusted(path: file.path, digest: file.digest.hex)
                }
                let plugin = try load(file, isolation: candidate.origin == .builtIn ? .inProcess : .runner)
                for rule in plugin.rules {
                    if let other = owners[rule.id] {
                        throw PluginLoadError.duplicateRule(id: rule.id, path: file.path, otherPath: other)
                    }
                    owners[rule.id] = file.path
                }
                plugins.append(plugin)
            } catch let error as PluginLoadError {
                if case .untrusted = error { throw error }
                if case .duplicateRule = error { throw error }
                guard configuration.onRuleFailure == .skip else { throw error }
                logger.warning("skipping plugin: \(error)")
                failures.append(error)
            }
        }
        self.plugins = plugins
        self.loadFailures = failures
        try configuration.validate(against: plugins.flatMap(\.rules))
    }

    deinit {
        shutdown()
    }

    /// Stops every rule runner.
    public func shutdown() {
        for runner in runners.values { runner.terminate() }
        runners.removeAll()
    }

    /// Loads a plugin's metadata in process or in a runner.
    private func load(_ file: PluginFile, isolation: RuleIsolation) throws(PluginLoadError) -> LoadedPlugin {
        switch isolation {
        case .inProcess:
            let library = try library(for: file)
            return LoadedPlugin(
                file: file, abiVersion: library.abiVersion, toolchain: library.toolchain, rules: library.descriptors, isolation: .inProcess)
        case .runner:
            let runner = try runner(for: file)
            let hello = runner.hello
            return LoadedPlugin(file: file, abiVersion: hello.abiVersion, toolchain: hello.toolchain, rules: hello.rules, isolation: .runner)
        }
    }

    private func library(for file: PluginFile) throws(PluginLoadError) -> PluginLibrary {
        if let library = libraries[file.path] { return library }
        // Loaded from a sealed copy of the bytes that hash to the digest the allowlist and the attestation saw.
        let library = try PluginLibrary.load(path: file.path, expecting: file.digest)
        libraries[file.path] = library
        return library
    }

    private func runner(for file: PluginFile) throws(PluginLoadError) -> RunnerProcess {
        if let runner = runners[file.path] { return runner }
        let runner = try RunnerProcess(
            executable: runnerExecutable, plugin: file, timeout: configuration.loadTimeoutSeconds,
            replyLimit: configuration.runnerReplyLimitBytes)
        runners[file.path] = runner
        return runner
    }

    /// One enabled rule with everything needed to run it.
    public struct PlannedRule: Sendable {
        /// The rule.
        public let rule: RuleDescriptor
        /// Its plugin.
        public let plugin: PluginFile
        /// Where it will run.
        public let isolation: RuleIsolation
        /// Validated parameters.
        public let parameters: RuleParameters
        /// Timeout (runner isolation).
        public let timeoutSeconds: Double
    }

    /// The enabled rules, sorted by id, with their effective isolation and parameters.
    public func plannedRules() throws(PluginConfigurationError) -> [PlannedRule] {
        var planned: [PlannedRule] = []
        for plugin in plugins {
            for rule in plugin.rules {
                let settings = configuration.rules[rule.id] ?? RuleSettings()
                guard settings.enabled else { continue }
                planned.append(
                    PlannedRule(
                        rule: rule, plugin: plugin.file,
                        isolation: settings.isolation ?? plugin.isolation,
                        parameters: try configuration.parameters(for: rule),
                        timeoutSeconds: settings.timeoutSeconds ?? configuration.ruleTimeoutSeconds
                    )
                )
            }
        }
        return planned.sorted { $0.rule.id < $1.rule.id }
    }

    /// Runs every enabled rule over the snapshot.
    /// - Throws: ``RuleRunError`` — invalid snapshot, or a rule failed with `on_rule_failure: fail`.
    public func run(snapshot: SnapshotView, consensus: ConsensusView = ConsensusView()) throws -> RuleRunReport {
        if let problem = snapshot.validate() { throw RuleRunError.invalidSnapshot(problem) }
        let planned = try plannedRules()
        snapshotToken += 1
        let token = snapshotToken
        let snapshotFrame = { RunnerRequest.snapshot(snapshot, consensus) }
        var results: [RuleResult] = []
        for plan in planned {
            let start = ContinuousClock.now
            var outcome: Result<[Finding], RuleFailure>
            switch plan.isolation {
            case .inProcess:
                outcome = evaluateInProcess(plan, snapshot: snapshot, consensus: consensus)
            case .runner:
                do {
                    let runner = try runner(for: plan.plugin)
                    outcome = runner.evaluate(
                        ruleID: plan.rule.id, parameters: plan.parameters, snapshotFrame: snapshotFrame,
                        snapshotToken: token, timeout: plan.timeoutSeconds
                    )
                    if case .failure(let failure) = outcome, failure.code != "threw" {
                        runners[plan.plugin.path] = nil  // dead or killed: respawn next time
                    }
                } catch {
                    outcome = .failure(.pluginUnavailable(error))
                }
            }
            if case .success(let findings) = outcome, let problem = Self.problem(in: findings, snapshot: snapshot) {
                outcome = .failure(.invalidFindings(reason: problem))
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let result: RuleResult
            switch outcome {
            case .success(let findings):
                result = RuleResult(
                    rule: plan.rule, plugin: plan.plugin, isolation: plan.isolation, parameters: plan.parameters, outcome: .succeeded(findings),
                    seconds: seconds)
            case .failure(let failure):
                result = RuleResult(
                    rule: plan.rule, plugin: plan.plugin, isolation: plan.isolation, parameters: plan.parameters, outcome: .failed(failure),
                    seconds: seconds)
                guard configuration.onRuleFailure == .skip else { throw RuleRunError.ruleFailed(result) }
                logger.warning("rule '\(plan.rule.id)' failed and is skipped: \(failure)")
            }
            results.append(result)
        }
        return RuleRunReport(results: results, pluginFailures: loadFailures, plugins: plugins.map(\.file))
    }

    private func evaluateInProcess(_ plan: PlannedRule, snapshot: SnapshotView, consensus: ConsensusView) -> Result<[Finding], RuleFailure> {
        let library: PluginLibrary
        do {
            library = try self.library(for: plan.plugin)
        } catch {
            return .failure(.pluginUnavailable(error))
        }
        guard let rule = library.rules.first(where: { $0.id == plan.rule.id }) else {
            return .failure(.pluginUnavailable(.invalidRule(path: plan.plugin.path, reason: "rule '\(plan.rule.id)' disappeared")))
        }
        do {
            return .success(try rule.evaluate(RuleInput(snapshot: snapshot, consensus: consensus, parameters: plan.parameters)))
        } catch {
            return .failure(.threw(message: "\(error)"))
        }
    }

    /// The first finding that does not refer to the snapshot, or nil.
    static func problem(in findings: [Finding], snapshot: SnapshotView) -> String? {
        for (index, finding) in findings.enumerated() {
            switch finding.subject {
            case .annotator(let row) where row < 0 || Int(row) >= snapshot.annotators.count:
                return "finding \(index) names annotator row \(row), the snapshot has \(snapshot.annotators.count)"
            case .rating(let row) where row < 0 || Int(row) >= snapshot.ratings.count:
                return "finding \(index) names rating row \(row), the snapshot has \(snapshot.ratings.count)"
            default:
                break
            }
            if !finding.score.isFinite { return "finding \(index) has a non-finite score" }
        }
        return nil
    }
}
