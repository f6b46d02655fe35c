import AssayModel
import Hummingbird

/// Small JSON request bodies, read with the contract's strict parser (depth-limited, UTF-8
/// checked, duplicate keys refused) and unknown members refused.
enum JSONBody {
    /// The body as a JSON object whose members are all in `allowed`; an empty body is `{}`.
    static func object(_ request: Request, limit: Int, allowed: Set<String>) async throws -> JSONValue {
        let bytes = try await BodyReader.read(request, limit: limit, timeout: .seconds(30), what: "this endpoint")
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return .object([]) }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw APIError(.badRequest, "malformed_json", "the body is not valid JSON: \(error.description)")
        }
        guard case .object(let members) = value else {
            throw APIError(.badRequest, "malformed_json", "the body must be a JSON object, got \(value.typeDescription)")
        }
        if let unknown = members.first(where: { !allowed.contains($0.key) }) {
            throw APIError(
                .unprocessableContent, "unknown_field",
                "unknown field \"\(unknown.key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))")
        }
        return value
    }

    /// A required string member.
    static func string(_ object: JSONValue, _ key: String) throws -> String {
        guard let value = object[key] else { throw APIError(.unprocessableContent, "missing_field", "\(key) is required") }
        guard case .string(let text) = value else {
            throw APIError(.unprocessableContent, "invalid_field", "\(key) must be a string, got \(value.typeDescription)")
        }
        return text
    }

    /// An optional string member.
    static func optionalString(_ object: JSONValue, _ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        return try string(object, key)
    }
}
