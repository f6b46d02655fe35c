import AssayModel
import Hummingbird

/// An error answered as JSON: `{"error": CODE, "message": TEXT}` with an HTTP status.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code (`unauthorized`, `body_too_large`, …).
    public let code: String
    /// What went wrong and what to do about it, for a person.
    public let message: String
    /// Seconds after which a retry may succeed, sent as `Retry-After` (429, 503).
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not_found", message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, "conflict", message) }
    static let unauthorized = APIError(
        .unauthorized, "unauthorized", "missing or unknown API token: send 'Authorization: Bearer <token>' (see 'assay token create')")

    /// 429: every slot for this kind of work is taken; retry after `retryAfter` seconds.
    static func saturated(_ what: String, limit: Int, retryAfter: Int) -> APIError {
        APIError(
            .tooManyRequests, "too_many_requests",
            "this server already runs \(limit) \(what) at once, its limit: retry after \(retryAfter) s", retryAfter: retryAfter)
    }

    /// 503: the SQLite file stayed locked by another process (an `assay ingest` beside the
    /// server) for longer than the busy timeout; nothing was stored.
    static func storeBusy(waited: Duration) -> APIError {
        let seconds = max(1, Int(waited.components.seconds))
        return APIError(
            .serviceUnavailable, "store_busy",
            "the store stayed locked by another process for \(waited.components.seconds) s (its busy timeout); nothing was stored: retry later",
            retryAfter: seconds)
    }

    /// The JSON body of the error.
    func json(requestID: String) -> JSONValue {
        .object([("error", .string(code)), ("message", .string(message)), ("request_id", .string(requestID))])
    }
}
