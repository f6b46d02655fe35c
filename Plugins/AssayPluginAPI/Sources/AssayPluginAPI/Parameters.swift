/// The type of a rule parameter.
public enum ParameterType: UInt8, Sendable, Hashable, CustomStringConvertible {
    case bool = 0
    case int = 1
    case double = 2
    case string = 3

    public var description: String {
        switch self {
        case .bool: "bool"
        case .int: "int"
        case .double: "double"
        case .string: "string"
        }
    }
}

/// A parameter value.
public enum ParameterValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    /// The type of this value.
    public var type: ParameterType {
        switch self {
        case .bool: .bool
        case .int: .int
        case .double: .double
        case .string: .string
        }
    }

    public var description: String {
        switch self {
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .string(let value): "\"\(value)\""
        }
    }
}

/// One declared parameter of a rule: name, type, default and meaning.
public struct ParameterSpec: Sendable, Hashable {
    /// Key in the config file (`rules.<rule id>.parameters.<name>`), `snake_case`.
    public let name: String
    /// The type a configured value must have (an `int` is accepted where a `double` is declared).
    public let type: ParameterType
    /// The value used when the config file does not set one; must be of ``type``.
    public let defaultValue: ParameterValue
    /// One sentence saying what the parameter changes.
    public let summary: String

    /// Declares a parameter; `defaultValue` must have the declared type (an `.int` default for a `.double` is widened).
    public init(name: String, type: ParameterType, defaultValue: ParameterValue, summary: String) {
        self.name = name
        self.type = type
        if type == .double, case .int(let value) = defaultValue {
            self.defaultValue = .double(Double(value))
        } else {
            self.defaultValue = defaultValue
        }
        self.summary = summary
    }

    /// Declares a `double` parameter.
    public static func double(_ name: String, default value: Double, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, type: .double, defaultValue: .double(value), summary: summary)
    }

    /// Declares an `int` parameter.
    public static func int(_ name: String, default value: Int, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, type: .int, defaultValue: .int(value), summary: summary)
    }

    /// Declares a `bool` parameter.
    public static func bool(_ name: String, default value: Bool, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, type: .bool, defaultValue: .bool(value), summary: summary)
    }

    /// Declares a `string` parameter.
    public static func string(_ name: String, default value: String, _ summary: String) -> ParameterSpec {
        ParameterSpec(name: name, type: .string, defaultValue: .string(value), summary: summary)
    }
}

/// The validated parameters of one rule evaluation: every declared parameter has a value of its declared type.
public struct RuleParameters: Sendable, Hashable {
    /// Values by parameter name.
    public let values: [String: ParameterValue]

    /// Wraps validated values (the host does the validation).
    public init(_ values: [String: ParameterValue]) {
        self.values = values
    }

    /// The defaults of a schema.
    public init(defaultsOf specs: [ParameterSpec]) {
        var values: [String: ParameterValue] = [:]
        for spec in specs { values[spec.name] = spec.defaultValue }
        self.values = values
    }

    /// A `double` parameter (an `int` value is widened).
    public func double(_ name: String) throws -> Double {
        switch values[name] {
        case .double(let value): return value
        case .int(let value): return Double(value)
        default: throw RuleError("parameter '\(name)' is missing or not a number")
        }
    }

    /// An `int` parameter.
    public func int(_ name: String) throws -> Int {
        guard case .int(let value) = values[name] else { throw RuleError("parameter '\(name)' is missing or not an int") }
        return value
    }

    /// A `bool` parameter.
    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let value) = values[name] else { throw RuleError("parameter '\(name)' is missing or not a bool") }
        return value
    }

    /// A `string` parameter.
    public func string(_ name: String) throws -> String {
        guard case .string(let value) = values[name] else { throw RuleError("parameter '\(name)' is missing or not a string") }
        return value
    }
}
