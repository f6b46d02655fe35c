import Foundation

/// How `assay serve` listens and what it accepts.
public struct ServerConfiguration: Sendable {
    /// Address to bind (loopback by default: put a TLS-terminating proxy in front for anything else).
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (printed on start).
    public var port: Int = 8080
    /// Largest request body accepted, in bytes (413 above it).
    public var maxBodyBytes: Int = 16 << 20
    /// Most ratings accepted in one `POST /v1/ratings` (413 above it).
    public var maxRecordsPerBatch: Int = 10_000
    /// Longest time a client may take to send a request body (408 after it): slow clients
    /// cannot hold a connection and its memory for ever.
    public var bodyTimeout: Duration = .seconds(30)
    /// An idle keep-alive connection is closed after this long.
    public var idleTimeout: Duration = .seconds(60)
    /// The `source` recorded in the provenance of HTTP batches.
    public var source: String = "http"
    /// How long a trust lookup may serve cached standings before re-reading the store (decisions
    /// and runs made through this server invalidate the cache at once).
    public var standingsTTL: Duration = .seconds(1)
    /// Whether `GET /metrics` needs a bearer token (any role). Off by default: Prometheus scrapers
    /// usually reach it over a private network; turn it on when the port is reachable by others.
    public var metricsRequireToken = false
    /// Most `POST /v1/ratings` requests handled at once (body upload included); more get 429
    /// with `Retry-After`. SQLite commits one batch at a time anyway: the others wait their turn.
    public var maxConcurrentIngests = 4
    /// Most cleaning runs (`POST /v1/runs`) running at once; more get 429 with `Retry-After`.
    public var maxConcurrentRuns = 1
    /// Threads that carry the store reads and writes of requests, off Swift concurrency's
    /// cooperative threads (ingests and health checks have lanes of their own). The store keeps
    /// 8 read connections: above 6 threads, a health check may wait for one.
    public var storeThreads = 4
    /// How long a store call waits for a lock held by another process (an `assay ingest` beside
    /// the server) before the request answers 503 with `Retry-After`.
    public var busyTimeout: Duration = .seconds(5)
    /// The console's session key file (`--console-secret-file`); nil: `DB.console-key` beside the store, created
    /// on first start (Docs/console.md). Every node serving one store needs the same key.
    public var consoleSecretFile: String?
    /// How long a console session lasts after sign-in.
    public var consoleSessionLifetime: Duration = .seconds(8 * 3600)
    /// The shared secret a Label Studio webhook may send in ``LabelStudioWebhookAuth/header`` instead of an ingest
    /// token (`assay serve --label-studio-secret-file FILE`); `nil`: only tokens are accepted. Never read from the
    /// JSON configuration file, so the secret does not sit beside the other settings.
    public var labelStudioSecret: String?

    public init() {}

    /// Reads a JSON configuration file: every key optional, unknown keys refused.
    ///
    /// ```json
    /// {"host": "127.0.0.1", "port": 8080, "max_body_bytes": 16777216, "max_records_per_batch": 10000,
    ///  "body_timeout_seconds": 30, "idle_timeout_seconds": 60, "source": "http", "standings_ttl_ms": 1000,
    ///  "metrics_require_token": false, "max_concurrent_ingests": 4, "max_concurrent_runs": 1, "store_threads": 4,
    ///  "busy_timeout_ms": 5000}
    /// ```
    public static func load(_ url: URL) throws -> ServerConfiguration {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ConfigurationError(message: "cannot read \(url.path): \(error.localizedDescription)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigurationError(message: "\(url.path): not a JSON object")
        }
        var configuration = ServerConfiguration()
        func int(_ key: String) throws -> Int? {
            guard let value = object[key] else { return nil }
            guard let number = value as? Int, number >= 0 else {
                throw ConfigurationError(message: "\(url.path): \(key) must be a whole number ≥ 0")
            }
            return number
        }
        let known: Set<String> = [
            "host", "port", "max_body_bytes", "max_records_per_batch", "body_timeout_seconds", "idle_timeout_seconds", "source",
            "standings_ttl_ms", "metrics_require_token", "max_concurrent_ingests", "max_concurrent_runs", "store_threads", "busy_timeout_ms",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw ConfigurationError(message: "\(url.path): unknown key \"\(unknown)\" (known: \(known.sorted().joined(separator: ", ")))")
        }
        if let host = object["host"] {
            guard let host = host as? String, !host.isEmpty else { throw ConfigurationError(message: "\(url.path): host must be a string") }
            configuration.host = host
        }
        if let source = object["source"] {
            guard let source = source as? String, !source.isEmpty else {
                throw ConfigurationError(message: "\(url.path): source must be a non-empty string")
            }
            configuration.source = source
        }
        if let value = object["metrics_require_token"] {
            // JSONSerialization gives booleans and numbers as NSNumber; a JSON boolean has objCType "c".
            guard let number = value as? NSNumber, String(cString: number.objCType) == "c", let flag = value as? Bool else {
                throw ConfigurationError(message: "\(url.path): metrics_require_token must be true or false")
            }
            configuration.metricsRequireToken = flag
        }
        if let port = try int("port") { configuration.port = port }
        if let value = try int("max_body_bytes") { configuration.maxBodyBytes = value }
        if let value = try int("max_records_per_batch") { configuration.maxRecordsPerBatch = value }
        if let value = try int("body_timeout_seconds") { configuration.bodyTimeout = .seconds(value) }
        if let value = try int("idle_timeout_seconds") { configuration.idleTimeout = .seconds(value) }
        if let value = try int("standings_ttl_ms") { configuration.standingsTTL = .milliseconds(value) }
        func positive(_ key: String) throws -> Int? {
            guard let value = try int(key) else { return nil }
            guard value >= 1 else { throw ConfigurationError(message: "\(url.path): \(key) must be at least 1") }
            return value
        }
        if let value = try positive("max_concurrent_ingests") { configuration.maxConcurrentIngests = value }
        if let value = try positive("max_concurrent_runs") { configuration.maxConcurrentRuns = value }
        if let value = try positive("store_threads") { configuration.storeThreads = value }
        if let value = try int("busy_timeout_ms") { configuration.busyTimeout = .milliseconds(value) }
        return configuration
    }
}

/// A configuration file that cannot be used.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
