import AssayStore
import Hummingbird
import Logging

/// The per-request context: Hummingbird's core storage, the request id and the caller.
public struct AssayRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The request's id, echoed in `X-Request-Id` and every log line of the request.
    public var requestID: String = ""
    /// Who called, once the bearer token is checked.
    public var caller: Caller?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The caller, if their role is one of `roles`; otherwise 401 (no token) or 403 (wrong role).
    public func require(_ roles: TokenRole...) throws -> Caller {
        guard let caller else { throw APIError.unauthorized }
        guard roles.contains(caller.role) else {
            throw APIError(
                .forbidden, "forbidden",
                "token \"\(caller.name)\" has role \(caller.role.rawValue); this needs \(roles.map(\.rawValue).joined(separator: " or "))")
        }
        return caller
    }
}
