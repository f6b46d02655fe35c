import AssayModel
import AssayStore
import Hummingbird

/// Trust lookups and the review queue:
/// `GET /v1/annotators/{id}`, `GET /v1/annotators?status=…`, `POST /v1/annotators/{id}/decision`.
struct AnnotatorRoutes {
    let store: ServiceStore
    let cache: StandingsCache

    static let statuses = AnnotatorStatus.allCases.map(\.rawValue)

    func register(on router: Router<AssayRequestContext>) {
        router.get("/v1/annotators/:id") { request, context in try await lookup(request, context: context) }
        router.get("/v1/annotators") { request, context in try await queue(request, context: context) }
        router.post("/v1/annotators/:id/decision") { request, context in try await decide(request, context: context) }
    }

    func lookup(_ request: Request, context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.ingest, .reviewer, .admin)
        let id = try context.parameters.require("id")
        let snapshot = try await cache.current()
        guard let standing = snapshot.standings[id] else {
            throw APIError.notFound("annotator \"\(id)\" is not in the newest cleaning run (unknown, or no run yet)")
        }
        return JSONResponse.make(Self.json(standing, history: snapshot.histories[id]))
    }

    func queue(_ request: Request, context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.reviewer, .admin)
        let status = request.uri.queryParameters["status"].map(String.init) ?? "flagged"
        guard Self.statuses.contains(status) else {
            throw APIError.badRequest("status must be one of \(Self.statuses.joined(separator: ", ")); got \"\(status)\"")
        }
        let snapshot = try await cache.current()
        let standings = snapshot.standings.values.filter { $0.outcome.status == status }.sorted {
            $0.outcome.annotatorID < $1.outcome.annotatorID
        }
        return JSONResponse.make(
            .object([
                ("status", .string(status)), ("run_id", .optional(standings.first?.runID)),
                ("annotators", .array(standings.map { Self.json($0, history: snapshot.histories[$0.outcome.annotatorID]) })),
            ]))
    }

    func decide(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try context.require(.reviewer)
        let id = try context.parameters.require("id")
        let body = try await JSONBody.object(request, limit: 64 << 10, allowed: ["decision", "note"])
        let decision = try JSONBody.string(body, "decision")
        guard let verdict = ReviewerDecision.Verdict(rawValue: decision) else {
            throw APIError(
                .unprocessableContent, "invalid_field", "decision must be \"confirm\" (exclude) or \"clear\" (trusted); got \"\(decision)\"")
        }
        let note = try JSONBody.string(body, "note")
        guard note.contains(where: { !$0.isWhitespace }), note.count <= 4000 else {
            throw APIError(.unprocessableContent, "invalid_field", "note is required: 1–4000 characters saying why")
        }
        let entry = try await store.run { try ReviewDesk(store: $0).decide(annotatorID: id, verdict: verdict, note: note, actor: caller.name) }
        cache.invalidate()
        return JSONResponse.make(
            .object([
                ("annotator_id", .string(id)), ("decision", .string(verdict.rawValue)), ("actor", .string(entry.actor)),
                ("audit_sequence", .int(entry.sequence)), ("audit_hash", .string(entry.hash)),
            ]), status: .created)
    }

    static func json(_ standing: AnnotatorStanding, history: AnnotatorHistory?) -> JSONValue {
        let outcome = standing.outcome
        // The cleaning run's own rule, applied to the newest run's outcome and the newest decision. The run records
        // weight 0 for an annotator it held out, so a cleared flagged annotator shows `downweighted` until the next
        // run weighs them again.
        let verdict = standing.decision?.verdict
        let effective =
            AnnotatorStatus(rawValue: outcome.status).map {
                AnnotatorStatus.effective(rules: $0, weight: outcome.weight, verdict: verdict).rawValue
            } ?? outcome.status
        let decision: JSONValue =
            standing.decision.map { decision in
                .object([
                    ("decision", .string(decision.verdict.rawValue)), ("note", .string(decision.note)), ("actor", .string(decision.actor)),
                    ("decided_at", .string(decision.decidedAt.description)),
                ])
            } ?? .null
        let gold = outcome.goldTotal > 0 ? JSONValue.number(Double(outcome.goldCorrect) / Double(outcome.goldTotal)) : .null
        return .object([
            ("annotator_id", .string(outcome.annotatorID)), ("run_id", .string(standing.runID)), ("weight", .number(outcome.weight)),
            ("status", .string(outcome.status)), ("effective_status", .string(effective)),
            ("gold", .object([("correct", .int(outcome.goldCorrect)), ("total", .int(outcome.goldTotal)), ("accuracy", gold)])),
            ("reputation", .object([("past_weights", .array((history?.pastWeights ?? []).map { .number($0) }))])),
            ("findings", (try? JSONParser.parse(outcome.findings)) ?? .array([])), ("decision", decision),
        ])
    }
}
