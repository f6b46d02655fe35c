import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    /// Requests the release of a finished run's output; audited as `release.requested`.
    public func requestRelease(runID: String, actor: String, note: String) throws -> Release {
        let now = Timestamp.now
        var generator = SystemRandomNumberGenerator()
        let releaseID = "rel-" + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return try pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM runs WHERE run_id = ?)", arguments: [runID]) == true else {
                throw ReleaseError.runNotFound(runID)
            }
            try db.execute(
                sql: "INSERT INTO releases (release_id, run_id, requested_by, requested_at, note) VALUES (?, ?, ?, ?, ?)",
                arguments: [releaseID, runID, actor, now.description, note])
            try Self.appendAudit(
                db,
                AuditEvent.releaseRequested(releaseID, runID: runID, actor: actor, note: note, at: now))
            return Release(
                releaseID: releaseID, runID: runID, requestedBy: actor, requestedAt: now, note: note, approvedBy: nil, approvedAt: nil,
                approvalNote: nil)
        }
    }

    /// Approves a pending release; refuses its requester (two-person rule). Audited as `release.approved`.
    public func approveRelease(_ releaseID: String, actor: String, note: String) throws -> Release {
        let now = Timestamp.now
        return try pool.write { db in
            guard let release = try Self.release(db, releaseID) else { throw ReleaseError.releaseNotFound(releaseID) }
            if let by = release.approvedBy { throw ReleaseError.alreadyApproved(releaseID, by: by) }
            guard release.requestedBy != actor else { throw ReleaseError.sameApprover(actor) }
            try db.execute(
                sql: "INSERT INTO release_approvals (release_id, approved_by, approved_at, note) VALUES (?, ?, ?, ?)",
                arguments: [releaseID, actor, now.description, note])
            try Self.appendAudit(
                db,
                AuditEvent.releaseApproved(release, actor: actor, note: note, at: now))
            return try Self.release(db, releaseID)!
        }
    }

    /// One release, or nil.
    public func release(_ releaseID: String) throws -> Release? {
        try pool.read { db in try Self.release(db, releaseID) }
    }

    /// Every release, oldest first.
    public func releases() throws -> [Release] {
        try pool.read { db in
            try Row.fetchAll(db, sql: Self.releaseSelect + " ORDER BY r.seq").map(Self.releaseRecord)
        }
    }

    private static let releaseSelect = """
        SELECT r.release_id, r.run_id, r.requested_by, r.requested_at, r.note,
               a.approved_by, a.approved_at, a.note AS approval_note
        FROM releases r LEFT JOIN release_approvals a ON a.release_id = r.release_id
        """

    private static func release(_ db: Database, _ releaseID: String) throws -> Release? {
        try Row.fetchOne(db, sql: releaseSelect + " WHERE r.release_id = ?", arguments: [releaseID]).map(releaseRecord)
    }

    private static func releaseRecord(_ row: Row) -> Release {
        Release(
            releaseID: row["release_id"], runID: row["run_id"], requestedBy: row["requested_by"],
            requestedAt: Timestamp(rfc3339: row["requested_at"]) ?? Timestamp(millisecondsSinceEpoch: 0), note: row["note"],
            approvedBy: row["approved_by"], approvedAt: (row["approved_at"] as String?).flatMap { Timestamp(rfc3339: $0) },
            approvalNote: row["approval_note"])
    }
}
