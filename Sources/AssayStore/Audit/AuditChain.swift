import AssayCrypto
import AssayModel

/// The hash chain of the audit log.
///
/// `hash(n) = SHA-256("assay-audit-v1\n" ‖ hash(n−1) ‖ "\n" ‖ canonical JSON of entry n)`,
/// with `hash(0)` = 64 zeros. Changing, inserting or deleting any entry changes every later
/// hash, so `assay audit verify` names the first entry that no longer matches. A deleted
/// *tail* is detected by comparing with a head hash recorded elsewhere (every run's
/// attestation records the head it saw), and batches are cross-checked against their entries.
public enum AuditChain {
    /// The `previous hash` of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// The hash of an entry given its predecessor's hash.
    public static func hash(
        previous: String, sequence: Int64, at: Timestamp, actor: String, action: String, subject: String, details: String
    ) -> String {
        let body = CanonicalJSON.encode(
            .object([
                ("seq", .number(Double(sequence))),
                ("at", .string(at.description)),
                ("actor", .string(actor)),
                ("action", .string(action)),
                ("subject", .string(subject)),
                ("details", .string(details)),
            ]))
        var hasher = SHA256Hasher()
        hasher.update("assay-audit-v1\n")
        hasher.update(previous)
        hasher.update("\n")
        hasher.update(body)
        return hasher.finalize().hex
    }
}
