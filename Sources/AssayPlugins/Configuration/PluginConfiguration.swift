import AssayCrypto
import AssayModel
import AssayPluginAPI
import Foundation

/// Where a rule runs.
public enum RuleIsolation: String, Sendable, Hashable, CustomStringConvertible {
    /// In the host process (fast; a trap in the rule kills the host). Default for built-in plugins.
    case inProcess = "in_process"
    /// In an `assay-rule-runner` child process (a trap or hang fails only the rule). Default for external plugins.
    case runner

    public var description: String { rawValue }
}

/// What to do when a rule fails (throws, crashes, times out, returns invalid findings).
public enum RuleFailurePolicy: String, Sendable, Hashable {
    /// Stop the run with an error naming the rule.
    case fail
    /// Record the rule as failed in the report and go on.
    case skip
}

/// Per-rule settings from `rules.<id>`.
public struct RuleSettings: Sendable, Hashable {
    /// Whether the rule runs (default true).
    public var enabled: Bool = true
    /// Overrides the default isolation of the rule's plugin.
    public var isolation: RuleIsolation?
    /// Overrides `rule_timeout_seconds` for this rule (runner isolation only).
    public var timeoutSeconds: Double?
    /// Parameter values; validated against the rule's schema once plugins are loaded.
    public var parameters: [String: ParameterValue] = [:]

    /// Default settings.
    public init(enabled: Bool = true, isolation: RuleIsolation? = nil, timeoutSeconds: Double? = nil, parameters: [String: ParameterValue] = [:]) {
        self.enabled = enabled
        self.isolation = isolation
        self.timeoutSeconds = timeoutSeconds
        self.parameters = parameters
    }
}

/// The plugin part of Assay's configuration (JSON).
///
/// ```json
/// {
///   "plugin_dirs": ["/opt/assay/rules"],
///   "trusted_plugins": ["3f1c…64 hex digits…"],
///   "on_rule_failure": "skip",
///   "rule_timeout_seconds": 120,
///   "runner_reply_limit_bytes": 268435456,
///   "rules": {
///     "speed": {"parameters": {"z_threshold": 4.0}},
///     "shown-position": {"enabled": false},
///     "my-rule": {"isolation": "runner", "timeout_seconds": 30}
///   }
/// }
/// ```
public struct PluginConfiguration: Sendable, Hashable {
    /// Extra plugin directories (external origin); relative paths are resolved against the config file's folder.
    public var pluginDirectories: [URL] = []
    /// When set, only plugins whose SHA-256 is listed may load (built-in ones too). Nil: no allowlist.
    public var trustedDigests: Set<SHA256Digest>?
    /// What a failed rule does to the run.
    public var onRuleFailure: RuleFailurePolicy = .fail
    /// Default per-rule timeout for rules run in `assay-rule-runner`.
    public var ruleTimeoutSeconds: Double = 300

    /// The largest reply accepted from a rule runner, in bytes (`runner_reply_limit_bytes`, default 256 MiB). A
    /// runner whose reply announces more is stopped and the rule fails with ``RuleFailure/replyTooLarge(bytes:limit:)``;
    /// the host never allocates more than 1 MiB ahead of the bytes that actually arrived.
    public var runnerReplyLimitBytes: Int = PluginConfiguration.defaultRunnerReplyLimitBytes
    /// The default ``runnerReplyLimitBytes``: 256 MiB (findings of millions of ratings fit in far less).
    public static let defaultRunnerReplyLimitBytes = 256 << 20

    /// How long a rule runner may take to load its plugin: `max(rule_timeout_seconds, 30)`.
    public var loadTimeoutSeconds: Double { max(ruleTimeoutSeconds, 30) }
    /// Per-rule settings by rule id.
    public var rules: [String: RuleSettings] = [:]

    /// The defaults: no extra directories, no allowlist, failures fail the run, 300 s timeout, 256 MiB replies.
    public init() {}

    /// Top-level keys this struct reads.
    public static let keys = ["plugin_dirs", "trusted_plugins", "on_rule_failure", "rule_timeout_seconds", "runner_reply_limit_bytes", "rules"]
    private static let ruleKeys = ["enabled", "isolation", "timeout_seconds", "parameters"]

    /// Reads a JSON config file.
    /// - Parameters:
    ///   - url: the file.
    ///   - otherKeys: top-level keys owned by other parts of Assay that are not an error here.
    public static func load(contentsOf url: URL, otherKeys: Set<String> = []) throws(PluginConfigurationError) -> PluginConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try parse(data, source: url.path, baseDirectory: url.deletingLastPathComponent(), otherKeys: otherKeys)
    }

    /// Parses JSON text; `baseDirectory` resolves relative `plugin_dirs`.
    public static func parse(
        _ data: Data, source: String = "<config>", baseDirectory: URL? = nil, otherKeys: Set<String> = []
    ) throws(PluginConfigurationError) -> PluginConfiguration {
        // The strict parser: a member named twice (two "fdr" for one rule) is an error, not a silent choice.
        let root: JSONValue
        do {
            root = try JSONParser.parse([UInt8](data))
        } catch {
            throw .invalidJSON(path: source, reason: error.description)
        }
        guard case .object(let object) = root else { throw .wrongType(key: "(top level)", expected: "an object", found: root.typeName) }
        var config = PluginConfiguration()
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "plugin_dirs":
                let base = baseDirectory ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
                config.pluginDirectories = try strings(value, key: key).map { path in
                    path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)
                }
            case "trusted_plugins":
                var digests: Set<SHA256Digest> = []
                for (index, hex) in try strings(value, key: key).enumerated() {
                    let trimmed = hex.hasPrefix("sha256:") ? String(hex.dropFirst(7)) : hex
                    guard trimmed.count == 64, let digest = SHA256Digest(hex: trimmed) else {
                        throw .invalidValue(key: "trusted_plugins[\(index)]", reason: "'\(hex)' is not a SHA-256 digest (64 hex digits)")
                    }
                    digests.insert(digest)
                }
                config.trustedDigests = digests
            case "on_rule_failure":
                guard case .string(let text) = value else { throw .wrongType(key: key, expected: "\"fail\" or \"skip\"", found: value.typeName) }
                guard let policy = RuleFailurePolicy(rawValue: text) else {
                    throw .invalidValue(key: key, reason: "'\(text)' is not one of: fail, skip")
                }
                config.onRuleFailure = policy
            case "rule_timeout_seconds":
                config.ruleTimeoutSeconds = try seconds(value, key: key)
            case "runner_reply_limit_bytes":
                guard case .number(let number) = value else { throw .wrongType(key: key, expected: "a number of bytes", found: value.typeName) }
                guard number >= 1, number <= Double(32 << 30), number == number.rounded() else {
                    throw .invalidValue(key: key, reason: "must be a whole number of bytes from 1 to 34359738368 (32 GiB)")
                }
                config.runnerReplyLimitBytes = Int(number)
            case "rules":
                guard case .object(let rules) = value else { throw .wrongType(key: key, expected: "an object", found: value.typeName) }
                for (id, entry) in rules {
                    config.rules[id] = try ruleSettings(entry, key: "rules.\(id)")
                }
            default:
                if !otherKeys.contains(key) { throw .unknownKey(key: key, allowed: keys) }
            }
        }
        return config
    }

    private static func strings(_ value: JSONValue, key: String) throws(PluginConfigurationError) -> [String] {
        guard case .array(let elements) = value else { throw .wrongType(key: key, expected: "an array of strings", found: value.typeName) }
        var result: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw .wrongType(key: "\(key)[\(index)]", expected: "a string", found: element.typeName)
            }
            result.append(text)
        }
        return result
    }

    private static func seconds(_ value: JSONValue, key: String) throws(PluginConfigurationError) -> Double {
        let number: Double
        guard case .number(let v) = value else { throw .wrongType(key: key, expected: "a number of seconds", found: value.typeName) }
        number = v
        guard number > 0, number.isFinite else { throw .invalidValue(key: key, reason: "must be a positive number of seconds") }
        return number
    }

    private static func ruleSettings(_ value: JSONValue, key: String) throws(PluginConfigurationError) -> RuleSettings {
        guard case .object(let object) = value else { throw .wrongType(key: key, expected: "an object", found: value.typeName) }
        var settings = RuleSettings()
        for (name, entry) in object.sorted(by: { $0.key < $1.key }) {
            let path = "\(key).\(name)"
            switch name {
            case "enabled":
                guard case .bool(let flag) = entry else { throw .wrongType(key: path, expected: "true or false", found: entry.typeName) }
                settings.enabled = flag
            case "isolation":
                guard case .string(let text) = entry else { throw .wrongType(key: path, expected: "a string", found: entry.typeName) }
                guard let isolation = RuleIsolation(rawValue: text) else {
                    throw .invalidValue(key: path, reason: "'\(text)' is not one of: in_process, runner")
                }
                settings.isolation = isolation
            case "timeout_seconds":
                settings.timeoutSeconds = try seconds(entry, key: path)
            case "parameters":
                guard case .object(let parameters) = entry else { throw .wrongType(key: path, expected: "an object", found: entry.typeName) }
                for (parameter, raw) in parameters {
                    switch raw {
                    case .bool(let v): settings.parameters[parameter] = .bool(v)
                    // A whole number is an integer parameter (5 and 5.0 alike), anything else a double.
                    case .number(let v) where v == v.rounded() && abs(v) <= 9_007_199_254_740_992: settings.parameters[parameter] = .int(Int(v))
                    case .number(let v): settings.parameters[parameter] = .double(v)
                    case .string(let v): settings.parameters[parameter] = .string(v)
                    default: throw .wrongType(key: "\(path).\(parameter)", expected: "a boolean, number or string", found: raw.typeName)
                    }
                }
            default:
                throw .unknownKey(key: path, allowed: ruleKeys)
            }
        }
        return settings
    }

    /// The rule's parameters: its declared defaults overridden by `rules.<id>.parameters`, checked against the schema.
    public func parameters(for rule: RuleDescriptor) throws(PluginConfigurationError) -> RuleParameters {
        var values = RuleParameters(defaultsOf: rule.parameters).values
        let specs = Dictionary(rule.parameters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for (key, value) in (rules[rule.id]?.parameters ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let spec = specs[key] else {
                throw .unknownParameter(rule: rule.id, key: key, declared: rule.parameters.map(\.name))
            }
            switch (spec.type, value) {
            case (.double, .int(let v)): values[key] = .double(Double(v))
            case (let expected, let given) where given.type == expected: values[key] = given
            default: throw .parameterType(rule: rule.id, key: key, expected: spec.type, found: "\(value.type) \(value)")
            }
        }
        return RuleParameters(values)
    }

    /// Checks that every `rules.<id>` names a known rule and that its parameters fit the rule's schema.
    public func validate(against rules: [RuleDescriptor]) throws(PluginConfigurationError) {
        let known = Dictionary(rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in self.rules.keys.sorted() {
            guard let rule = known[id] else { throw .unknownRule(id: id, available: known.keys.sorted()) }
            _ = try parameters(for: rule)
        }
    }
}
