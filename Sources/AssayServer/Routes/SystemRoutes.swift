import AssayModel
import AssayStore
import Hummingbird

/// Unauthenticated endpoints: `GET /healthz`, `GET /openapi.yaml`, and `GET /metrics` unless
/// ``ServerConfiguration/metricsRequireToken`` asks for a bearer token (any role).
struct SystemRoutes {
    let store: ServiceStore
    let metrics: ServiceMetrics
    let metricsRequireToken: Bool

    func register(on router: Router<AssayRequestContext>) {
        router.get("/healthz") { _, _ in await health() }
        router.get("/metrics") { _, context in
            if metricsRequireToken { _ = try context.require(.ingest, .reviewer, .admin) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: metrics.exposition())))
        }
        router.get("/openapi.yaml") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.yaml)))
        }
    }

    /// Reads the store on the probe lane, which slow requests never occupy.
    func health() async -> Response {
        do {
            _ = try await store.run(.probes) { try $0.tokenGeneration() }
        } catch {
            return JSONResponse.make(
                .object([("status", .string("unavailable")), ("message", .string("the store cannot be read"))]),
                status: .serviceUnavailable)
        }
        return JSONResponse.make(.object([("status", .string("ok"))]))
    }
}
