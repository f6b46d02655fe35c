import AssayPluginAPI

extension ReportModel {
    /// One rule that ran (or was meant to): which binary, with which settings, and how it ended.
    public struct Rule: Sendable, Hashable {
        /// The rule's id.
        public var id: String
        /// The rule's version.
        public var version: String
        /// The rule's one-sentence self-description, if it gave one.
        public var summary: String?
        /// The plugin file the rule came from.
        public var pluginPath: String
        /// The plugin file's sha256 (lowercase hex).
        public var pluginDigest: String
        /// Where the rule ran.
        public var isolation: Isolation
        /// The parameters it ran with (defaults plus configuration).
        public var parameters: [Parameter]
        /// How it ended.
        public var outcome: Outcome

        /// Creates a rule entry.
        public init(
            id: String, version: String, summary: String? = nil, pluginPath: String, pluginDigest: String,
            isolation: Isolation, parameters: [Parameter], outcome: Outcome
        ) {
            self.id = id
            self.version = version
            self.summary = summary
            self.pluginPath = pluginPath
            self.pluginDigest = pluginDigest
            self.isolation = isolation
            self.parameters = parameters
            self.outcome = outcome
        }
    }

    /// Where a rule ran.
    public enum Isolation: String, Sendable, Hashable {
        /// Loaded into the `assay` process.
        case inProcess = "in-process"
        /// In a separate `assay-rule-runner` process.
        case runner
    }

    /// One rule parameter and the value it ran with.
    public struct Parameter: Sendable, Hashable {
        /// A parameter value: the plugin API's own `ParameterValue` (bool, int, double or string).
        public typealias Value = ParameterValue

        /// The parameter's name (`rules.<rule id>.parameters.<name>`).
        public var name: String
        /// The value used.
        public var value: Value

        /// Creates a parameter entry.
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    /// How a rule ended.
    public enum Outcome: Sendable, Hashable {
        /// It ran and reported this many findings.
        case succeeded(findings: Int)
        /// It failed (recorded because `on_rule_failure` is `skip`).
        case failed(message: String)
        /// It did not run (e.g. its plugin could not be loaded).
        case skipped(reason: String)
    }
}
