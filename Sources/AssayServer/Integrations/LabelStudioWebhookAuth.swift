import AssayStore
import Foundation
import Hummingbird

/// Who may call `POST /v1/integrations/label-studio`: a bearer token of role ingest or admin, or, without one, the
/// per-integration secret (``ServerConfiguration/labelStudioSecret``) in the ``header`` a Label Studio webhook sends
/// with every request (the webhook's "Headers" in its settings).
///
/// The secret is compared by SHA-256 in constant time, like tokens: the time taken says nothing about how close a
/// guess was.
struct LabelStudioWebhookAuth: Sendable {
    /// The header carrying the secret.
    static let header = "X-Assay-Webhook-Secret"
    /// The actor recorded for batches that came in with the secret (the `submitter` of their provenance).
    static let actor = "label-studio-webhook"

    /// SHA-256 of the configured secret, as hex bytes; `nil` when none is configured.
    let secretHash: [UInt8]?

    init(secret: String?) {
        secretHash = secret.map { Array(TokenSecret.hash($0).utf8) }
    }

    /// The caller: the token's (role ingest or admin; another role 403), else the secret's; 401 for neither.
    func caller(_ request: Request, context: AssayRequestContext) throws -> Caller {
        if context.caller != nil { return try context.require(.ingest, .admin) }
        guard let presented = request.headers[.init(Self.header)!] else {
            throw APIError(
                .unauthorized, "unauthorized",
                "send 'Authorization: Bearer <ingest token>' or the webhook secret in \(Self.header) (Docs/label-studio.md)")
        }
        guard let secretHash else {
            throw APIError(
                .unauthorized, "unauthorized",
                "\(Self.header) was sent but this server has no Label Studio secret (assay serve --label-studio-secret-file FILE)")
        }
        let hash = Array(TokenSecret.hash(presented.trimmingCharacters(in: .whitespaces)).utf8)
        guard TokenSecret.constantTimeEquals(hash, secretHash) else {
            throw APIError(.unauthorized, "unauthorized", "wrong secret in \(Self.header)")
        }
        return Caller(name: Self.actor, role: .ingest, tokenID: "label-studio-secret")
    }
}
