import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    @discardableResult
    public func appendAudit(_ event: AuditEvent) throws -> AuditEntry {
        try pool.write { db in try Self.appendAudit(db, event) }
    }

    /// Appends an entry inside an open write transaction.
    @discardableResult
    static func appendAudit(_ db: Database, _ event: AuditEvent) throws -> AuditEntry {
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        let sequence: Int64 = (last?["seq"] ?? 0) + 1
        let previous: String = last?["hash"] ?? AuditChain.genesis
        let details = CanonicalJSON.encode(event.details)
        let hash = AuditChain.hash(
            previous: previous, sequence: sequence, at: event.at, actor: event.actor, action: event.action,
            subject: event.subject, details: details)
        try db.execute(
            sql: "INSERT INTO audit_log (seq, at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [sequence, event.at.description, event.actor, event.action, event.subject, details, previous, hash])
        return AuditEntry(
            sequence: sequence, at: event.at, actor: event.actor, action: event.action, subject: event.subject,
            details: details, previousHash: previous, hash: hash)
    }

    static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(
            sequence: row["seq"], at: Timestamp(rfc3339: row["at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
            actor: row["actor"], action: row["action"], subject: row["subject"], details: row["details"],
            previousHash: row["prev_hash"], hash: row["hash"])
    }

    public func auditHead() throws -> String {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1") ?? AuditChain.genesis
        }
    }

    public func auditEntries(after: Int64, limit: Int) throws -> [AuditEntry] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after, limit]
            ).map(Self.auditEntry)
        }
    }

    /// Checks, in order: every entry's hash and link to its predecessor (so an edited, inserted
    /// or deleted entry is named), then every batch against its `batch.ingested` entry, and the
    /// batch's ratings against the ratings digest the entry recorded (so an edited or deleted
    /// rating is found too).
    public func verifyAudit() throws -> AuditVerification {
        try pool.read { db in
            var previous = AuditChain.genesis
            var expectedSequence: Int64 = 1
            var count = 0
            var batchEntries: [String: (sequence: Int64, details: String)] = [:]
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
            while let row = try cursor.next() {
                let entry = Self.auditEntry(row)
                let at: String = row["at"]
                count += 1
                if entry.sequence != expectedSequence {
                    return AuditVerification(
                        entries: count, headHash: previous,
                        firstProblem: AuditProblem(
                            sequence: expectedSequence,
                            reason: "missing: the log jumps from #\(expectedSequence - 1) to #\(entry.sequence) (entry deleted)"))
                }
                if entry.previousHash != previous {
                    return AuditVerification(
                        entries: count, headHash: previous,
                        firstProblem: AuditProblem(
                            sequence: entry.sequence, reason: "its previous-hash does not match entry #\(entry.sequence - 1)"))
                }
                let recomputed = AuditChain.hash(
                    previous: previous, sequence: entry.sequence, at: Timestamp(rfc3339: at) ?? entry.at, actor: entry.actor,
                    action: entry.action, subject: entry.subject, details: entry.details)
                if recomputed != entry.hash || Timestamp(rfc3339: at)?.description != at {
                    return AuditVerification(
                        entries: count, headHash: previous,
                        firstProblem: AuditProblem(sequence: entry.sequence, reason: "its content does not match its hash (entry edited)"))
                }
                if entry.action == "batch.ingested" { batchEntries[entry.subject] = (entry.sequence, entry.details) }
                previous = entry.hash
                expectedSequence += 1
            }
            if let dangling = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") {
                let table: String = dangling[0]
                let rowID: Int64? = dangling[1]
                let parent: String = dangling[2]
                return AuditVerification(
                    entries: count, headHash: previous,
                    firstProblem: AuditProblem(
                        sequence: nil,
                        reason: "\(table) row \(rowID.map(String.init) ?? "?") refers to a missing \(parent) row (deleted outside Assay)"))
            }
            if let problem = try Self.verifyBatches(db, against: batchEntries) {
                return AuditVerification(entries: count, headHash: previous, firstProblem: problem)
            }
            return AuditVerification(entries: count, headHash: previous, firstProblem: nil)
        }
    }

    private static func verifyBatches(
        _ db: Database, against entries: [String: (sequence: Int64, details: String)]
    ) throws -> AuditProblem? {
        let batches = try Row.fetchAll(db, sql: "SELECT * FROM batches ORDER BY seq").map(batchRecord)
        if batches.count != entries.count {
            let known = Set(batches.map(\.batchID))
            if let orphan = entries.keys.sorted().first(where: { !known.contains($0) }) {
                return AuditProblem(
                    sequence: entries[orphan]?.sequence, reason: "batch \(orphan) is in the audit log but not in the store (deleted)")
            }
        }
        let ratingsStatement = try db.makeStatement(sql: ratingSelect + " WHERE r.batch_seq = ? ORDER BY r.seq")
        for batch in batches {
            guard let entry = entries[batch.batchID] else {
                return AuditProblem(sequence: nil, reason: "batch \(batch.batchID) has no audit entry (inserted outside Assay)")
            }
            let expected = CanonicalJSON.encode(
                batchAuditDetails(
                    sequence: batch.sequence, source: batch.source, origin: batch.origin, rawSHA256: batch.rawSHA256,
                    rawBytes: batch.rawBytes, ratingsSHA256: batch.ratingsSHA256, counts: batch.counts))
            if expected != entry.details {
                return AuditProblem(
                    sequence: entry.sequence, reason: "batch \(batch.batchID) no longer matches its audit entry (batch row edited)")
            }
            var hasher = SHA256Hasher()
            var accepted = 0
            let cursor = try Row.fetchCursor(ratingsStatement, arguments: [batch.sequence])
            while let row = try cursor.next() {
                let stored: StoredRating
                do {
                    stored = try decodeRating(row)
                } catch let corrupt as CorruptRating {
                    return AuditProblem(
                        sequence: entry.sequence, reason: "batch \(batch.batchID): \(corrupt) (rating edited outside Assay)")
                }
                hasher.update(stored.rating.ratingID)
                hasher.update("\t")
                hasher.update(stored.contentSHA256)
                hasher.update("\n")
                accepted += 1
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
