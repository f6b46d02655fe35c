import AssayModel
import AssayStore
import Hummingbird

/// `GET /v1/audit?after=N&limit=M&verify=true` (admin): audit entries and the chain's status.
struct AuditRoutes {
    let store: ServiceStore

    func register(on router: Router<AssayRequestContext>) {
        router.get("/v1/audit") { request, context in try await list(request, context: context) }
    }

    func list(_ request: Request, context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let after = try Self.integer(request, "after", default: 0, range: 0...Int64.max)
        let limit = try Self.integer(request, "limit", default: 100, range: 1...1000)
        let verify = try RatingsRoutes.flag(request, "verify") || request.uri.queryParameters["verify"] == nil
        let entries = try await store.run { try $0.auditEntries(after: after, limit: Int(limit)) }
        var members: [(key: String, value: JSONValue)] = [
            ("entries", .array(entries.map(Self.json))), ("next_after", entries.last.map { .int($0.sequence) } ?? .null),
        ]
        if verify {
            let check = try await store.run { try $0.verifyAudit() }
            members.append(
                (
                    "chain",
                    .object([
                        ("valid", .bool(check.isValid)), ("entries", .int(check.entries)), ("head_hash", .string(check.headHash)),
                        ("problem", .optional(check.firstProblem?.description)),
                    ])
                ))
        }
        return JSONResponse.make(.object(members))
    }

    static func integer(_ request: Request, _ name: String, default value: Int64, range: ClosedRange<Int64>) throws -> Int64 {
        guard let text = request.uri.queryParameters[name[...]] else { return value }
        guard let number = Int64(text), range.contains(number) else {
            throw APIError.badRequest("query parameter \(name) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    static func json(_ entry: AuditEntry) -> JSONValue {
        .object([
            ("sequence", .int(entry.sequence)), ("at", .string(entry.at.description)), ("actor", .string(entry.actor)),
            ("action", .string(entry.action)), ("subject", .string(entry.subject)), ("details", .parsedOrString(entry.details)),
            ("previous_hash", .string(entry.previousHash)), ("hash", .string(entry.hash)),
        ])
    }
}
