import AssayModel
import Hummingbird

/// Builders for the JSON responses the service sends.
enum JSONResponse {
    /// A response with `value` encoded as canonical JSON (sorted keys).
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let text = CanonicalJSON.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension JSONValue {
    /// A string or null.
    static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }

    /// A number from an integer.
    static func int(_ value: some BinaryInteger) -> JSONValue { .number(Double(value)) }

    /// Parsed JSON text, or the text as a string when it is not JSON.
    static func parsedOrString(_ text: String) -> JSONValue { (try? JSONParser.parse(text)) ?? .string(text) }
}
