import AssayModel

extension JSONValue {
    /// The JSON type name, for configuration errors ("expected an object, found string").
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number(let value): value == value.rounded() ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
