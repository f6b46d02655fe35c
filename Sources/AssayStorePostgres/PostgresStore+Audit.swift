import AssayCrypto
import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    @discardableResult
    public func appendAudit(_ event: AuditEvent) throws -> AuditEntry {
        try write { session in try Self.appendAudit(session, event) }
    }

    /// Appends an entry inside an open transaction that holds the writer lock.
    @discardableResult
    static func appendAudit(_ session: PostgresSession, _ event: AuditEvent) throws -> AuditEntry {
        let last = try session.row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        let sequence: Int64 = (try last?.column(0, as: Int64.self) ?? 0) + 1
        let previous: String = try last?.column(1, as: String.self) ?? AuditChain.genesis
        let details = CanonicalJSON.encode(event.details)
        let hash = AuditChain.hash(
            previous: previous, sequence: sequence, at: event.at, actor: event.actor, action: event.action, subject: event.subject,
            details: details)
        try session.execute(
            """
            INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash)
            VALUES (\(sequence), \(event.at.description), \(event.actor), \(event.action), \(event.subject), \(details), \(previous), \(hash))
            """)
        return AuditEntry(
            sequence: sequence, at: event.at, actor: event.actor, action: event.action, subject: event.subject, details: details,
            previousHash: previous, hash: hash)
    }

    static let auditColumns = "seq, at, actor, action, subject, details, prev_hash, hash"

    /// An entry from a row of ``auditColumns``, and its time as stored.
    static func auditEntry(_ row: PostgresRow) throws -> (entry: AuditEntry, storedAt: String) {
        let (sequence, at, actor, action, subject, details, previous, hash) = try row.decode(
            (Int64, String, String, String, String, String, String, String).self)
        return (
            AuditEntry(
                sequence: sequence, at: Timestamp.stored(at), actor: actor, action: action, subject: subject, details: details,
                previousHash: previous, hash: hash), at
        )
    }

    public func auditHead() throws -> String {
        try withSession { session in
            try session.row("SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1")?.column(0, as: String.self) ?? AuditChain.genesis
        }
    }

    public func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry] {
        try withSession { session in
            try session.rows(
                "SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE seq > \(after) ORDER BY seq LIMIT \(Int64(max(0, limit)))"
            ).map { try Self.auditEntry($0).entry }
        }
    }

    /// The same checks as SQLite's, in one snapshot of the database: the hash chain
    /// (``AuditChainCheck``), rows whose references lead nowhere, then every batch against its
    /// `batch.ingested` entry and its ratings against the recorded digest. Pages through the log
    /// and the ratings, so memory stays flat.
    public func verifyAudit() throws -> AuditVerification {
        try read { session in
            var check = AuditChainCheck()
            var after: Int64 = 0
            while true {
                let page = try session.rows(
                    "SELECT \(unescaped: Self.auditColumns) FROM audit_log WHERE seq > \(after) ORDER BY seq LIMIT 5000")
                if page.isEmpty { break }
                for row in page {
                    let (entry, storedAt) = try Self.auditEntry(row)
                    if let problem = check.check(entry, storedAt: storedAt) {
                        return AuditVerification(entries: check.count, headHash: check.headHash, firstProblem: problem)
                    }
                    after = entry.sequence
                }
            }
            if let problem = try Self.danglingReference(session) {
                return AuditVerification(entries: check.count, headHash: check.headHash, firstProblem: problem)
            }
            let problem = try Self.verifyBatches(session, against: check.batchEntries)
            return AuditVerification(entries: check.count, headHash: check.headHash, firstProblem: problem)
        }
    }

    /// A row that refers to a missing row (what SQLite's `PRAGMA foreign_key_check` finds).
    private static func danglingReference(_ session: PostgresSession) throws -> AuditProblem? {
        let checks: [(table: String, parent: String, sql: String)] = [
            ("ratings", "batches", "SELECT r.seq FROM ratings r LEFT JOIN batches b ON b.seq = r.batch_seq WHERE b.seq IS NULL LIMIT 1"),
            ("ratings", "items", "SELECT r.seq FROM ratings r LEFT JOIN items i ON i.seq = r.item_seq WHERE i.seq IS NULL LIMIT 1"),
            (
                "ratings", "annotators",
                "SELECT r.seq FROM ratings r LEFT JOIN annotators a ON a.seq = r.annotator_seq WHERE a.seq IS NULL LIMIT 1"
            ),
        ]
        for check in checks {
            if let row = try session.row(PostgresQuery(unsafeSQL: check.sql)) {
                let sequence = try row.column(0, as: Int64.self)
                return AuditProblem(
                    sequence: nil, reason: "\(check.table) row \(sequence) refers to a missing \(check.parent) row (deleted outside Assay)")
            }
        }
        return nil
    }

    private static func verifyBatches(
        _ session: PostgresSession, against entries: [String: (sequence: Int64, details: String)]
    ) throws -> AuditProblem? {
        let batches = try session.rows("SELECT \(unescaped: batchColumns) FROM batches ORDER BY seq").map(batchRecord)
        if batches.count != entries.count {
            let known = Set(batches.map(\.batchID))
            if let orphan = entries.keys.sorted().first(where: { !known.contains($0) }) {
                return AuditProblem(
                    sequence: entries[orphan]?.sequence, reason: "batch \(orphan) is in the audit log but not in the store (deleted)")
            }
        }
        for batch in batches {
            guard let entry = entries[batch.batchID] else {
                return AuditProblem(sequence: nil, reason: "batch \(batch.batchID) has no audit entry (inserted outside Assay)")
            }
            if CanonicalJSON.encode(BatchAuditDetails.details(of: batch)) != entry.details {
                return AuditProblem(
                    sequence: entry.sequence, reason: "batch \(batch.batchID) no longer matches its audit entry (batch row edited)")
            }
            var hasher = SHA256Hasher()
            var accepted = 0
            var after: Int64 = 0
            while true {
                let page = try session.rows(
                    "\(unescaped: ratingSelect) WHERE r.batch_seq = \(batch.sequence) AND r.seq > \(after) ORDER BY r.seq LIMIT 10000")
                if page.isEmpty { break }
                for row in page {
                    let stored: StoredRating
                    do {
                        stored = try decodeRating(row)
                    } catch let corrupt as StoredRatingDecoder.CorruptRating {
                        return AuditProblem(
                            sequence: entry.sequence, reason: "batch \(batch.batchID): \(corrupt) (rating edited outside Assay)")
                    }
                    hasher.update(stored.rating.ratingID)
                    hasher.update("\t")
                    hasher.update(stored.contentSHA256)
                    hasher.update("\n")
                    accepted += 1
                    after = stored.sequence
                }
            }
            if hasher.finalize().hex != batch.ratingsSHA256 || accepted != batch.counts.accepted {
                return AuditProblem(
                    sequence: entry.sequence,
                    reason: "the ratings of batch \(batch.batchID) no longer match its recorded digest "
                        + "(\(accepted) stored, \(batch.counts.accepted) accepted: a rating was edited, deleted or added)")
            }
        }
        return nil
    }
}
