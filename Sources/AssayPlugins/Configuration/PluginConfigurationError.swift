import AssayPluginAPI

/// A problem in the plugin configuration; each case names the key (and rule) to fix.
public enum PluginConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The config file could not be read.
    case unreadable(path: String, reason: String)
    /// The config file is not valid JSON.
    case invalidJSON(path: String, reason: String)
    /// A key that is not part of the format (e.g. a typo).
    case unknownKey(key: String, allowed: [String])
    /// A value of the wrong JSON type.
    case wrongType(key: String, expected: String, found: String)
    /// A value of the right type but not allowed.
    case invalidValue(key: String, reason: String)
    /// `rules.<id>` names a rule no plugin provides.
    case unknownRule(id: String, available: [String])
    /// `rules.<rule>.parameters.<key>` is not declared by the rule.
    case unknownParameter(rule: String, key: String, declared: [String])
    /// `rules.<rule>.parameters.<key>` has the wrong type for the rule's schema.
    case parameterType(rule: String, key: String, expected: ParameterType, found: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read config file \(path): \(reason)"
        case .invalidJSON(let path, let reason):
            return "config file \(path) is not valid JSON: \(reason)"
        case .unknownKey(let key, let allowed):
            return "config: unknown key '\(key)' (allowed here: \(allowed.joined(separator: ", ")))"
        case .wrongType(let key, let expected, let found):
            return "config: '\(key)' must be \(expected), found \(found)"
        case .invalidValue(let key, let reason):
            return "config: '\(key)': \(reason)"
        case .unknownRule(let id, let available):
            let list = available.isEmpty ? "none are installed" : "available: \(available.joined(separator: ", "))"
            return "config: rules.\(id): no plugin provides a rule '\(id)' (\(list))"
        case .unknownParameter(let rule, let key, let declared):
            let list = declared.isEmpty ? "it takes no parameters" : "it declares: \(declared.joined(separator: ", "))"
            return "config: rules.\(rule).parameters.\(key): rule '\(rule)' has no parameter '\(key)' (\(list))"
        case .parameterType(let rule, let key, let expected, let found):
            return "config: rules.\(rule).parameters.\(key): rule '\(rule)' expects \(expected) for '\(key)', found \(found)"
        }
    }
}
