import AssayCrypto
import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func requestRelease(runID: String, actor: String, note: String) throws -> Release {
        let now = Timestamp.now
        var generator = SystemRandomNumberGenerator()
        let releaseID = "rel-" + Hex.encode((0..<8).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return try write { session in
            guard try session.row("SELECT 1 FROM runs WHERE run_id = \(runID)") != nil else { throw ReleaseError.runNotFound(runID) }
            try session.execute(
                """
                INSERT INTO releases (release_id, run_id, requested_by, requested_at, note)
                VALUES (\(releaseID), \(runID), \(actor), \(now.description), \(note))
                """)
            try Self.appendAudit(
                session,
                AuditEvent.releaseRequested(releaseID, runID: runID, actor: actor, note: note, at: now))
            return Release(
                releaseID: releaseID, runID: runID, requestedBy: actor, requestedAt: now, note: note, approvedBy: nil, approvedAt: nil,
                approvalNote: nil)
        }
    }

    public func approveRelease(_ releaseID: String, actor: String, note: String) throws -> Release {
        let now = Timestamp.now
        return try write { session in
            guard let release = try Self.release(session, releaseID) else { throw ReleaseError.releaseNotFound(releaseID) }
            if let by = release.approvedBy { throw ReleaseError.alreadyApproved(releaseID, by: by) }
            guard release.requestedBy != actor else { throw ReleaseError.sameApprover(actor) }
            try session.execute(
                """
                INSERT INTO release_approvals (release_id, approved_by, approved_at, note)
                VALUES (\(releaseID), \(actor), \(now.description), \(note))
                """)
            try Self.appendAudit(
                session,
                AuditEvent.releaseApproved(release, actor: actor, note: note, at: now))
            guard let approved = try Self.release(session, releaseID) else { throw ReleaseError.releaseNotFound(releaseID) }
            return approved
        }
    }

    public func release(_ releaseID: String) throws -> Release? {
        try withSession { session in try Self.release(session, releaseID) }
    }

    public func releases() throws -> [Release] {
        try withSession { session in try session.rows("\(unescaped: Self.releaseSelect) ORDER BY r.seq").map(Self.releaseRecord) }
    }

    private static let releaseSelect = """
        SELECT r.release_id, r.run_id, r.requested_by, r.requested_at, r.note, a.approved_by, a.approved_at, a.note AS approval_note
        FROM releases r LEFT JOIN release_approvals a ON a.release_id = r.release_id
        """

    private static func release(_ session: PostgresSession, _ releaseID: String) throws -> Release? {
        try session.row("\(unescaped: releaseSelect) WHERE r.release_id = \(releaseID)").map(releaseRecord)
    }

    private static func releaseRecord(_ row: PostgresRow) throws -> Release {
        let (releaseID, runID, requestedBy, requestedAt, note, approvedBy, approvedAt, approvalNote) = try row.decode(
            (String, String, String, String, String, String?, String?, String?).self)
        return Release(
            releaseID: releaseID, runID: runID, requestedBy: requestedBy, requestedAt: Timestamp.stored(requestedAt), note: note,
            approvedBy: approvedBy, approvedAt: approvedAt.flatMap { Timestamp(rfc3339: $0) }, approvalNote: approvalNote)
    }
}
