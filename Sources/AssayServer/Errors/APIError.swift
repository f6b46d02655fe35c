import AssayModel
import Hummingbird

/// An error answered as JSON: `{"error": CODE, "message": TEXT}` with an HTTP status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code (`unauthorized`, `body_too_large`, …).
    public let code: String
    /// What went wrong and what to do about it, for a person.
    public let message: String

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }
    static let unauthorized = APIError(
        .unauthorized, "unauthorized", "missing or unknown API token: send 'Authorization: Bearer <token>' (see 'assay token create')")

    /// The JSON body of the error.
    func json(requestID: String) -> JSONValue {
        .object([("error", .string(code)), ("message", .string(message)), ("request_id", .string(requestID))])
    }
}
