import AssayIngest
import AssayModel
import AssayStore
import Hummingbird

/// `POST /v1/integrations/label-studio`: Label Studio's webhook. Each annotation of `ANNOTATION_CREATED`,
/// `ANNOTATIONS_CREATED` and `ANNOTATION_UPDATED` is converted with the export importer's mapping
/// (``LabelStudioImporter/convert(task:annotation:options:)``) and the ratings go through the same ingest as
/// `POST /v1/ratings`, as one batch with source `label-studio`. An update is a new revision
/// (``LabelStudioImporter/revision(of:)``): append-only, never an overwrite. Other actions are answered 200
/// `ignored`.
struct LabelStudioRoutes {
    let ingest: RatingsIngest
    let auth: LabelStudioWebhookAuth
    let configuration: ServerConfiguration
    let metrics: ServiceMetrics
    /// Shared with `POST /v1/ratings`: at most ``ServerConfiguration/maxConcurrentIngests`` at once.
    let limit: ConcurrencyLimit

    static let path = "/v1/integrations/label-studio"

    func register(on router: Router<AssayRequestContext>) {
        router.post("/v1/integrations/label-studio") { request, context in try await post(request, context: context) }
    }

    func post(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try auth.caller(request, context: context)
        return try await limit.withSlot { try await post(request, context: context, caller: caller) }
    }

    /// One annotation's line in the answer.
    struct Result {
        let task: String
        let annotation: String
        var ratingID: String?
        var outcome: String
        var reason: String?
        var supersedes: String?

        var json: JSONValue {
            var members: [(key: String, value: JSONValue)] = [
                ("task", .string(task)), ("annotation", .string(annotation)), ("rating_id", .optional(ratingID)),
                ("outcome", .string(outcome)),
            ]
            if let supersedes { members.append(("supersedes", .string(supersedes))) }
            if let reason { members.append(("reason", .string(reason))) }
            return .object(members)
        }
    }

    private func post(_ request: Request, context: AssayRequestContext, caller: Caller) async throws -> Response {
        let body = try await BodyReader.read(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout, what: "POST \(Self.path)")
        let value: JSONValue
        do { value = try JSONParser.parse(body) } catch {
            throw APIError(.badRequest, "malformed_json", "the body is not valid JSON: \(error.description)")
        }
        let payload = try LabelStudioWebhookPayload(value)
        guard let action = payload.action else {
            return JSONResponse.make(
                .object([
                    ("action", .string(payload.actionName)), ("outcome", .string("ignored")),
                    (
                        "message",
                        .string(
                            "only \(LabelStudioWebhookPayload.Action.allCases.map(\.rawValue).joined(separator: ", ")) carry ratings; nothing stored"
                        )
                    ),
                ]))
        }
        guard payload.entries.count <= configuration.maxRecordsPerBatch else {
            throw APIError(
                .contentTooLarge, "batch_too_large",
                "the webhook carries \(payload.entries.count) annotations; the limit is \(configuration.maxRecordsPerBatch) per request")
        }
        var results: [Result] = []
        var lines: [UInt8] = []
        // Which result each rating line belongs to, in line order.
        var lineResults: [Int] = []
        for entry in payload.entries {
            var result = Result(task: entry.taskLabel, annotation: entry.annotationLabel, outcome: "rejected")
            guard let task = entry.task else {
                result.reason = "bad task data: the payload holds no task \(entry.taskLabel) for annotation \(entry.annotationLabel)"
                results.append(result)
                continue
            }
            switch LabelStudioImporter.convert(task: task, annotation: entry.annotation) {
            case .rating(let first):
                let rating = action == .annotationUpdated ? LabelStudioImporter.revision(of: first) : first
                result.ratingID = rating["rating_id"]?.stringValue
                if action == .annotationUpdated { result.supersedes = first["rating_id"]?.stringValue }
                JSONWriter.append(rating, to: &lines)
                lines.append(UInt8(ascii: "\n"))
                lineResults.append(results.count)
            case .skipped(let note):
                result.outcome = "skipped"
                result.reason = "\(note.category): \(note.detail)"
            case .rejected(let note):
                result.reason = "\(note.category): \(note.detail)"
            }
            results.append(result)
        }
        var batchID: String?
        var replayed = false
        if !lineResults.isEmpty {
            let outcome = try await ingest.run(body: lines, format: .jsonLines, caller: caller, idempotencyKey: nil, allOrNothing: false)
            for record in outcome.results {
                guard let line = record.line, line >= 1, line <= lineResults.count else { continue }
                let index = lineResults[line - 1]
                results[index].outcome = record.outcome
                if let reason = record.reason {
                    results[index].reason = record.field.map { "field \"\($0)\": \(reason)" } ?? reason
                }
            }
            if let receipt = outcome.receipt {
                batchID = receipt.batchID
                replayed = receipt.replayed
                if !receipt.replayed {
                    metrics.batches.increment()
                    metrics.ratingsAccepted.increment(by: Int64(receipt.counts.accepted))
                    metrics.ratingsDuplicate.increment(by: Int64(receipt.counts.duplicates))
                    metrics.ratingsRejected.increment(by: Int64(receipt.counts.rejected))
                    metrics.ratingsConflict.increment(by: Int64(receipt.counts.conflicts))
                }
            }
        }
        var counts: [String: Int] = ["accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0, "skipped": 0]
        for result in results { counts[result.outcome, default: 0] += 1 }
        let countsJSON = JSONValue.object(counts.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })
        let resultsJSON = JSONValue.array(results.map(\.json))
        let taken = counts["accepted", default: 0] + counts["duplicate", default: 0] + counts["skipped", default: 0]
        guard taken > 0 else {
            // Nothing stored and nothing to skip: the error shape, naming the first annotation's reason.
            let first = results.first { $0.outcome != "skipped" }
            let message =
                first.map { "task \($0.task), annotation \($0.annotation): \($0.outcome): \($0.reason ?? "no reason")" }
                ?? "no annotation in the payload"
            return JSONResponse.make(
                .object([
                    ("error", .string("annotations_refused")), ("message", .string(message)), ("action", .string(action.rawValue)),
                    ("counts", countsJSON), ("results", resultsJSON), ("request_id", .string(context.requestID)),
                ]), status: .unprocessableContent)
        }
        return JSONResponse.make(
            .object([
                ("action", .string(action.rawValue)), ("outcome", .string("processed")), ("batch_id", .optional(batchID)),
                ("replayed", .bool(replayed)), ("counts", countsJSON), ("results", resultsJSON),
            ]))
    }
}
