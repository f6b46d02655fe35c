import AssayStore
import Prometheus

/// The service's Prometheus metrics, in their own registry (served at `GET /metrics`).
public final class ServiceMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let ratingsAccepted: Counter
    let ratingsDuplicate: Counter
    let ratingsRejected: Counter
    let ratingsConflict: Counter
    let batches: Counter
    let runsStarted: Counter
    let runsSucceeded: Counter
    let runsFailed: Counter

    static let buckets: [Duration] = [
        .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2), .seconds(5), .seconds(10),
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let ratings = "assay_ratings_total"
        ratingsAccepted = registry.makeCounter(name: ratings, labels: [("outcome", "accepted")])
        ratingsDuplicate = registry.makeCounter(name: ratings, labels: [("outcome", "duplicate")])
        ratingsRejected = registry.makeCounter(name: ratings, labels: [("outcome", "rejected")])
        ratingsConflict = registry.makeCounter(name: ratings, labels: [("outcome", "conflict")])
        batches = registry.makeCounter(name: "assay_batches_total", labels: [])
        let runs = "assay_runs_total"
        runsStarted = registry.makeCounter(name: runs, labels: [("state", "started")])
        runsSucceeded = registry.makeCounter(name: runs, labels: [("state", "succeeded")])
        runsFailed = registry.makeCounter(name: runs, labels: [("state", "failed")])
    }

    /// Counts one finished request.
    func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            name: "assay_http_requests_total", labels: [("method", method), ("route", route), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            name: "assay_http_request_duration_seconds", labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }

    /// The metrics in the Prometheus text format.
    /// Counts a committed batch and its ratings by outcome; a replayed batch (same `Idempotency-Key`) counts nothing.
    func record(_ receipt: BatchReceipt) {
        guard !receipt.replayed else { return }
        batches.increment()
        ratingsAccepted.increment(by: Int64(receipt.counts.accepted))
        ratingsDuplicate.increment(by: Int64(receipt.counts.duplicates))
        ratingsRejected.increment(by: Int64(receipt.counts.rejected))
        ratingsConflict.increment(by: Int64(receipt.counts.conflicts))
    }

    func exposition() -> String { registry.emitToString() }
}
