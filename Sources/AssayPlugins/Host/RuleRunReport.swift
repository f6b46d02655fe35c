import AssayPluginAPI

/// How one rule ended.
public enum RuleOutcome: Sendable, Hashable {
    /// The rule ran; these are its findings.
    case succeeded([Finding])
    /// The rule failed; recorded because `on_rule_failure` is `skip`.
    case failed(RuleFailure)
}

/// The record of one rule in a run: which binary judged the data, with what settings, and what it said.
public struct RuleResult: Sendable, Hashable {
    /// The rule's self-description (id, version, summary, schema).
    public let rule: RuleDescriptor
    /// The plugin file (path and SHA-256) the rule came from.
    public let plugin: PluginFile
    /// Where it ran.
    public let isolation: RuleIsolation
    /// The parameters it ran with (defaults plus configuration).
    public let parameters: RuleParameters
    /// Findings, or why there are none.
    public let outcome: RuleOutcome
    /// Wall-clock time, including the transfer to and from the rule runner.
    public let seconds: Double

    /// The findings (empty when the rule failed).
    public var findings: [Finding] {
        if case .succeeded(let findings) = outcome { return findings }
        return []
    }

    /// The failure, when the rule failed.
    public var failure: RuleFailure? {
        if case .failed(let failure) = outcome { return failure }
        return nil
    }
}

/// What a run of all enabled rules produced.
public struct RuleRunReport: Sendable, Hashable {
    /// One entry per enabled rule, sorted by rule id.
    public let results: [RuleResult]
    /// Plugins that could not be loaded and were skipped (`on_rule_failure: skip`).
    public let pluginFailures: [PluginLoadError]
    /// Every plugin file that was loaded for this host, with its digest (for the attestation).
    public let plugins: [PluginFile]

    /// The rules that failed.
    public var failedRules: [RuleResult] { results.filter { $0.failure != nil } }
}

/// Why a run stopped.
public enum RuleRunError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The snapshot's columns do not line up.
    case invalidSnapshot(String)
    /// A rule failed and `on_rule_failure` is `fail`.
    case ruleFailed(RuleResult)

    public var description: String {
        switch self {
        case .invalidSnapshot(let problem):
            "the snapshot given to the rules is invalid: \(problem)"
        case .ruleFailed(let result):
            "rule '\(result.rule.id)' (\(result.plugin.path), sha256 \(result.plugin.digest.hex)) failed: "
                + "\(result.failure.map { "\($0)" } ?? "?"); set on_rule_failure to \"skip\" to record the failure and go on"
        }
    }
}
