import AssayModel

/// Walks an audit log in sequence order and names the first entry that does not verify: the
/// check `audit verify` makes in every backend (see ``AuditChain``).
public struct AuditChainCheck: Sendable {
    /// Entries seen so far.
    public private(set) var count = 0
    /// The hash of the last entry that verified (the genesis hash before the first).
    public private(set) var headHash = AuditChain.genesis
    /// The `batch.ingested` entries seen, by batch id: sequence number and details.
    public private(set) var batchEntries: [String: (sequence: Int64, details: String)] = [:]
    private var expectedSequence: Int64 = 1

    public init() {}

    /// Checks the next entry; `storedAt` is its time exactly as stored (an edited time fails).
    /// - Returns: the problem, or nil when the entry verifies.
    public mutating func check(_ entry: AuditEntry, storedAt: String) -> AuditProblem? {
        count += 1
        if entry.sequence != expectedSequence {
            return AuditProblem(
                sequence: expectedSequence,
                reason: "missing: the log jumps from #\(expectedSequence - 1) to #\(entry.sequence) (entry deleted)")
        }
        if entry.previousHash != headHash {
            return AuditProblem(sequence: entry.sequence, reason: "its previous-hash does not match entry #\(entry.sequence - 1)")
        }
        let recomputed = AuditChain.hash(
            previous: headHash, sequence: entry.sequence, at: Timestamp(rfc3339: storedAt) ?? entry.at, actor: entry.actor,
            action: entry.action, subject: entry.subject, details: entry.details)
        if recomputed != entry.hash || Timestamp(rfc3339: storedAt)?.description != storedAt {
            return AuditProblem(sequence: entry.sequence, reason: "its content does not match its hash (entry edited)")
        }
        if entry.action == "batch.ingested" { batchEntries[entry.subject] = (entry.sequence, entry.details) }
        headHash = entry.hash
        expectedSequence += 1
        return nil
    }
}
