import AssayModel
import Foundation
import Hummingbird
import Logging

/// The outermost middleware: gives each request an id, authenticates its bearer token, turns
/// every error into a JSON answer (never a bare 500), logs one structured line per request and
/// counts it in the metrics.
///
/// Nothing secret is logged: not the `Authorization` header, not the body (which holds the
/// rating texts), only the method, path, status, duration, caller name and request id.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = AssayRequestContext

    let authenticator: TokenAuthenticator
    let metrics: ServiceMetrics

    func handle(
        _ request: Request, context: AssayRequestContext, next: (Request, AssayRequestContext) async throws -> Response
    ) async throws -> Response {
        let started = ContinuousClock.now
        var context = context
        context.requestID = Self.requestID(from: request)
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        var response: Response
        do {
            if let header = request.headers[.authorization] {
                context.caller = try await authenticate(header)
                if let caller = context.caller { context.logger[metadataKey: "actor"] = .string(caller.name) }
            }
            response = try await next(request, context)
        } catch let error as APIError {
            response = JSONResponse.make(error.json(requestID: context.requestID), status: error.status)
            if let seconds = error.retryAfter { response.headers[.retryAfter] = String(seconds) }
        } catch let error as any HTTPResponseError {
            let status = error.status
            let message = Self.message(for: status, request: request)
            response = JSONResponse.make(
                APIError(status, Self.code(for: status), message).json(requestID: context.requestID), status: status)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(describing: type(of: error)))"])
            response = JSONResponse.make(
                APIError(.internalServerError, "internal", "internal error; quote request id \(context.requestID) to the operator")
                    .json(requestID: context.requestID), status: .internalServerError)
        }
        response.headers[.init("X-Request-Id")!] = context.requestID
        let duration = ContinuousClock.now - started
        let route = context.endpointPath ?? "unmatched"
        metrics.request(method: request.method.rawValue, route: route, status: response.status.code, duration: duration)
        let milliseconds = Double(duration.components.attoseconds) / 1e15 + Double(duration.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path), "route": .string(route),
                "status": .stringConvertible(response.status.code), "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ])
        return response
    }

    /// `Authorization: Bearer <secret>` → the caller; anything else → 401.
    private func authenticate(_ header: String) async throws -> Caller {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw APIError(.unauthorized, "unauthorized", "the Authorization header must be 'Bearer <token>'")
        }
        guard let caller = try await authenticator.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorized
        }
        return caller
    }

    /// The client's `X-Request-Id` when it is short and plain, else a fresh one.
    private static func requestID(from request: Request) -> String {
        if let given = request.headers[.init("X-Request-Id")!], (1...64).contains(given.utf8.count),
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            return given
        }
        var generator = SystemRandomNumberGenerator()
        return "req-" + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 16)
    }

    private static func code(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 408: return "request_timeout"
        case 413: return "body_too_large"
        case 415: return "unsupported_media_type"
        case 429: return "too_many_requests"
        default: return status.code >= 500 ? "internal" : "error"
        }
    }

    private static func message(for status: HTTPResponse.Status, request: Request) -> String {
        switch status.code {
        case 404: return "no such endpoint: \(request.method.rawValue) \(request.uri.path) (see /openapi.yaml)"
        case 405: return "\(request.method.rawValue) is not allowed on \(request.uri.path) (see /openapi.yaml)"
        case 413: return "the request body is too large"
        default: return status.reasonPhrase
        }
    }
}
