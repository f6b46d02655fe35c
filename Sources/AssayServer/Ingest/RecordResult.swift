import AssayCrypto
import AssayModel
import AssayStore
import Foundation

/// One record's result in a `POST /v1/ratings` answer.
struct RecordResult: Sendable {
    let line: Int?
    let ratingID: String?
    let outcome: String
    let field: String?
    let reason: String?

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("line", line.map { .int($0) } ?? .null), ("rating_id", .optional(ratingID)), ("outcome", .string(outcome)),
        ]
        if let field { members.append(("field", .string(field))) }
        if let reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }
}

/// A store that passes everything to the real one and remembers every record's outcome, so the
/// service can answer per record (accepted and duplicate too, not only the problems the
/// ingestor reports). One per request; used from the ingest thread only.
final class RecordingStore: RatingStore, @unchecked Sendable {
    let base: SQLiteStore
    private(set) var results: [RecordResult] = []

    init(base: SQLiteStore) {
        self.base = base
    }

    func ingestBatch(_ header: BatchHeader, _ body: (any BatchWriter) throws -> Void) throws -> BatchReceipt {
        var called = false
        let receipt = try base.ingestBatch(header) { writer in
            called = true
            let recorder = RecordingWriter(base: writer)
            defer { results.append(contentsOf: recorder.results) }
            try body(recorder)
        }
        if !called {
            // A replayed Idempotency-Key: the store returned the earlier batch without running
            // `body`. The ingestor only advances through its input inside `body`, so let it
            // consume the input into a writer that stores nothing (else it would ask again).
            try body(DiscardingWriter())
        }
        return receipt
    }

    func appendAudit(_ event: AuditEvent) throws -> AuditEntry { try base.appendAudit(event) }
    func verifyAudit() throws -> AuditVerification { try base.verifyAudit() }
    func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry] { try base.auditEntries(after: after, limit: limit) }
    func createSnapshot(name: String, upToBatch: String?, actor: String) throws -> SnapshotInfo {
        try base.createSnapshot(name: name, upToBatch: upToBatch, actor: actor)
    }
    func snapshot(named name: String) throws -> SnapshotInfo { try base.snapshot(named: name) }
    func snapshots() throws -> [SnapshotInfo] { try base.snapshots() }
    func computeSnapshotDigest(watermark: Int64) throws -> SnapshotDigest { try base.computeSnapshotDigest(watermark: watermark) }
    func forEachRating(upTo watermark: Int64, _ visit: (StoredRating) throws -> Void) throws {
        try base.forEachRating(upTo: watermark, visit)
    }
    func items(upTo watermark: Int64) throws -> [Item] { try base.items(upTo: watermark) }
    func batch(_ batchID: String) throws -> BatchRecord { try base.batch(batchID) }
    func provenance(ratingID: String) throws -> RatingProvenance? { try base.provenance(ratingID: ratingID) }
    func statistics() throws -> StoreStatistics { try base.statistics() }
}

/// Passes writes through and notes each record's outcome.
private final class RecordingWriter: BatchWriter {
    let base: any BatchWriter
    var results: [RecordResult] = []

    init(base: any BatchWriter) {
        self.base = base
    }

    func item(_ itemID: String) throws -> DigestedItem? { try base.item(itemID) }

    func insert(_ prepared: PreparedRating, newItem: DigestedItem?, line: Int?) throws -> IngestOutcome {
        let outcome = try base.insert(prepared, newItem: newItem, line: line)
        switch outcome {
        case .accepted, .duplicate:
            results.append(RecordResult(line: line, ratingID: prepared.rating.ratingID, outcome: outcome.label, field: nil, reason: nil))
        case .conflict(let error), .rejected(let error):
            // The writer found it (same rating_id, other content); problems thrown before the
            // insert arrive through recordProblem instead.
            results.append(
                RecordResult(
                    line: error.line ?? line, ratingID: error.ratingID ?? prepared.rating.ratingID, outcome: outcome.label,
                    field: error.field, reason: error.reason))
        }
        return outcome
    }

    func recordProblem(_ error: RatingError) throws {
        try base.recordProblem(error)
        results.append(
            RecordResult(
                line: error.line, ratingID: error.ratingID, outcome: error.kind == .conflict ? "conflict" : "rejected", field: error.field,
                reason: error.reason))
    }

    func setRawInput(digest: SHA256Digest, bytes: Int64) { base.setRawInput(digest: digest, bytes: bytes) }
}

/// Takes a replayed batch's records and stores nothing.
private final class DiscardingWriter: BatchWriter {
    func item(_ itemID: String) throws -> DigestedItem? { nil }
    func insert(_ prepared: PreparedRating, newItem: DigestedItem?, line: Int?) throws -> IngestOutcome { .duplicate }
    func recordProblem(_ error: RatingError) throws {}
    func setRawInput(digest: SHA256Digest, bytes: Int64) {}
}
