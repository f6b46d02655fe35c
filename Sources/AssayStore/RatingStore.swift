import AssayCrypto
import AssayModel

/// The storage every Assay component uses: batches of ratings with provenance, the audit
/// log, snapshots and statistics.
///
/// ``SQLiteStore`` (GRDB on the system libsqlite3) is the embedded default. The protocol is
/// kept small so that a PostgreSQL implementation for multi-node deployments can be added
/// without touching callers.
public protocol RatingStore: Sendable {
    /// Runs `body` inside one transaction for one batch and commits the batch with its
    /// provenance and audit entry; throws (storing nothing) if `body` throws.
    func ingestBatch(_ header: BatchHeader, _ body: (any BatchWriter) throws -> Void) throws -> BatchReceipt

    /// Appends an event to the tamper-evident audit log.
    @discardableResult
    func appendAudit(_ event: AuditEvent) throws -> AuditEntry

    /// Re-computes the audit hash chain and cross-checks batches against their entries.
    func verifyAudit() throws -> AuditVerification

    /// The hash of the newest audit entry (the genesis hash when the log is empty), without verifying.
    func auditHead() throws -> String

    /// Reads audit entries in order (`after` a sequence number, at most `limit`).
    func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry]

    /// Creates a named snapshot of every rating stored so far (or up to a batch).
    func createSnapshot(name: String, upToBatch: String?, actor: String) throws -> SnapshotInfo

    /// A snapshot by name.
    func snapshot(named name: String) throws -> SnapshotInfo

    /// All snapshots, oldest first.
    func snapshots() throws -> [SnapshotInfo]

    /// Recomputes the content digest of the ratings up to a watermark (for verification).
    func computeSnapshotDigest(watermark: Int64) throws -> SnapshotDigest

    /// Visits every rating up to `watermark`, in ingest order.
    func forEachRating(upTo watermark: Int64, _ visit: (StoredRating) throws -> Void) throws

    /// Every item referenced by ratings up to `watermark`, in item-id order.
    func items(upTo watermark: Int64) throws -> [Item]

    /// The provenance record of a batch.
    func batch(_ batchID: String) throws -> BatchRecord

    /// The provenance of one rating.
    func provenance(ratingID: String) throws -> RatingProvenance?

    /// Counts and distributions for `assay stats`.
    func statistics() throws -> StoreStatistics
}
