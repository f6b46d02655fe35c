/// The tamper-evident audit log: one hash chain (``AuditChain``) in one total order, whatever
/// the number of writers.
public protocol AuditStore: Sendable {
    /// Appends an event to the audit log.
    @discardableResult
    func appendAudit(_ event: AuditEvent) throws -> AuditEntry

    /// Re-computes the audit hash chain and cross-checks batches against their entries.
    func verifyAudit() throws -> AuditVerification

    /// The hash of the newest audit entry (the genesis hash when the log is empty), without verifying.
    func auditHead() throws -> String

    /// Reads audit entries in order (`after` a sequence number, at most `limit`).
    func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry]
}
