import AssayModel
import AssayStore
import Foundation
import Hummingbird

/// `POST /v1/ratings`: contract-v1 ratings as JSON Lines or a JSON array, one atomic batch.
struct RatingsRoutes {
    let ingest: RatingsIngest
    let configuration: ServerConfiguration
    let metrics: ServiceMetrics
    /// At most ``ServerConfiguration/maxConcurrentIngests`` requests at once, body reading included.
    let limit: ConcurrencyLimit

    func register(on router: Router<AssayRequestContext>) {
        router.post("/v1/ratings") { request, context in try await post(request, context: context) }
    }

    func post(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try context.require(.ingest, .admin)
        return try await limit.withSlot { try await post(request, context: context, caller: caller) }
    }

    private func post(_ request: Request, context: AssayRequestContext, caller: Caller) async throws -> Response {
        let format = try Self.format(of: request)
        let key = try Self.idempotencyKey(request)
        let allOrNothing = try Self.flag(request, "all_or_nothing")
        let body = try await BodyReader.read(
            request, limit: configuration.maxBodyBytes, timeout: configuration.bodyTimeout, what: "POST /v1/ratings")
        guard body.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) else {
            throw APIError(.badRequest, "empty_body", "the body holds no ratings: send JSON Lines or a JSON array of contract-v1 ratings")
        }
        let records: Int
        switch format {
        case .jsonLines:
            records = RatingsIngest.lineCount(body)
        case .jsonArray:
            let value: JSONValue
            do { value = try JSONParser.parse(body) } catch {
                throw APIError(.badRequest, "malformed_json", "the body is not valid JSON: \(error.description)")
            }
            guard case .array(let elements) = value else {
                throw APIError(
                    .badRequest, "malformed_json", "a JSON body must be an array of ratings, got \(value.typeDescription)")
            }
            records = elements.count
        }
        guard records <= configuration.maxRecordsPerBatch else {
            throw APIError(
                .contentTooLarge, "batch_too_large",
                "the batch holds \(records) ratings; the limit is \(configuration.maxRecordsPerBatch) per request: split it into smaller batches")
        }
        let outcome = try await ingest.run(body: body, format: format, caller: caller, idempotencyKey: key, allOrNothing: allOrNothing)
        let results = JSONValue.array(outcome.results.map(\.json))
        var counts = IngestCounts()
        for result in outcome.results {
            switch result.outcome {
            case "accepted": counts.accepted += 1
            case "duplicate": counts.duplicates += 1
            case "conflict": counts.conflicts += 1
            default: counts.rejected += 1
            }
        }
        if outcome.rolledBack {
            return JSONResponse.make(
                .object([
                    ("error", .string("batch_rolled_back")),
                    ("message", .string("all_or_nothing: \(counts.conflicts + counts.rejected) record(s) failed, so nothing was stored")),
                    ("counts", Self.json(counts)), ("results", results), ("request_id", .string(context.requestID)),
                ]), status: .unprocessableContent)
        }
        guard let receipt = outcome.receipt else { throw APIError(.internalServerError, "internal", "the ingest committed no batch") }
        metrics.record(receipt)
        let taken = receipt.counts.accepted + receipt.counts.duplicates
        let status: HTTPResponse.Status = taken == 0 && receipt.counts.total > 0 ? .unprocessableContent : .ok
        return JSONResponse.make(
            .object([
                ("batch_id", .string(receipt.batchID)), ("replayed", .bool(receipt.replayed)), ("counts", Self.json(receipt.counts)),
                ("results", results), ("raw_sha256", .string(receipt.rawDigest.hex)),
                ("ratings_sha256", .string(receipt.ratingsDigest.hex)),
            ]), status: status)
    }

    static func json(_ counts: IngestCounts) -> JSONValue {
        .object([
            ("accepted", .int(counts.accepted)), ("duplicate", .int(counts.duplicates)), ("conflict", .int(counts.conflicts)),
            ("rejected", .int(counts.rejected)),
        ])
    }

    static func format(of request: Request) throws -> RatingsIngest.Format {
        let type =
            (request.headers[.contentType] ?? "application/x-ndjson").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        switch type {
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines":
            return .jsonLines
        case "application/json": return .jsonArray
        default:
            throw APIError(
                .unsupportedMediaType, "unsupported_media_type",
                "Content-Type \(type) is not accepted: use application/x-ndjson (JSON Lines) or application/json (a JSON array)")
        }
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[.init("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest("Idempotency-Key must be 1–200 visible ASCII characters")
        }
        return key
    }

    static func flag(_ request: Request, _ name: String) throws -> Bool {
        guard let value = request.uri.queryParameters[name[...]] else { return false }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("query parameter \(name) must be true or false")
        }
    }
}
