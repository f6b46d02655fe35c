import AssayPluginAPI

/// What a rule says about itself: enough to list it and validate its configuration without running it.
public struct RuleDescriptor: Sendable, Hashable {
    /// The rule id.
    public let id: String
    /// The rule's version.
    public let version: String
    /// One sentence saying what it detects.
    public let summary: String
    /// Its declared parameters.
    public let parameters: [ParameterSpec]

    /// Wraps a rule's self-description.
    public init(id: String, version: String, summary: String, parameters: [ParameterSpec]) {
        self.id = id
        self.version = version
        self.summary = summary
        self.parameters = parameters
    }

    /// Describes a rule object.
    public init(_ rule: any AssayRule) {
        self.init(id: rule.id, version: rule.version, summary: rule.summary, parameters: rule.parameters)
    }

    /// The first problem with this description (id syntax, duplicate parameter, default of the wrong type), or nil.
    func problem() -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789_-.")
        if id.isEmpty || id.count > 64 || !id.allSatisfy({ allowed.contains($0) }) {
            return "rule id '\(id)' must be 1-64 characters of a-z, 0-9, '_', '-', '.'"
        }
        var seen: Set<String> = []
        for spec in parameters {
            if !seen.insert(spec.name).inserted { return "rule '\(id)' declares parameter '\(spec.name)' twice" }
            if spec.defaultValue.type != spec.type {
                return "rule '\(id)' parameter '\(spec.name)' is declared \(spec.type) with a \(spec.defaultValue.type) default"
            }
        }
        return nil
    }
}
