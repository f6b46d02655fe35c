import AssayModel

/// The audit events the stores append, built once for every backend so SQLite and PostgreSQL log the same actions
/// with the same details (Docs/audit.md).
extension AuditEvent {
    /// `release.requested`.
    public static func releaseRequested(_ releaseID: String, runID: String, actor: String, note: String, at time: Timestamp) -> AuditEvent {
        AuditEvent(
            actor: actor, action: "release.requested", subject: releaseID,
            details: .object([("run", .string(runID)), ("note", .string(note))]), at: time)
    }

    /// `release.approved`.
    public static func releaseApproved(_ release: Release, actor: String, note: String, at time: Timestamp) -> AuditEvent {
        AuditEvent(
            actor: actor, action: "release.approved", subject: release.releaseID,
            details: .object([("run", .string(release.runID)), ("requested_by", .string(release.requestedBy)), ("note", .string(note))]),
            at: time)
    }

    /// `snapshot.created`.
    public static func snapshotCreated(_ name: String, watermark: Int64, digest: SnapshotDigest, actor: String, at time: Timestamp) -> AuditEvent {
        AuditEvent(
            actor: actor, action: "snapshot.created", subject: name,
            details: .object([
                ("watermark", .number(Double(watermark))), ("digest", .string(digest.digest)), ("ratings", .number(Double(digest.ratings))),
            ]),
            at: time)
    }

    /// `review.decided`.
    public static func reviewDecided(_ decision: ReviewerDecision) -> AuditEvent {
        AuditEvent(
            actor: decision.actor, action: "review.decided", subject: decision.annotatorID,
            details: .object([
                ("decision", .string(decision.verdict.rawValue)), ("note", .string(decision.note)),
                ("evidence", (try? JSONParser.parse(decision.evidence)) ?? .string(decision.evidence)),
            ]),
            at: decision.decidedAt)
    }

    /// `run.finished`, with the run's summary as details.
    public static func runFinished(_ run: RunRecord) -> AuditEvent {
        AuditEvent(
            actor: run.actor, action: "run.finished", subject: run.runID,
            details: (try? JSONParser.parse(run.summary)) ?? .string(run.summary), at: run.finishedAt)
    }

    /// `token.created` or `token.revoked`.
    public static func token(_ action: String, tokenID: String, name: String, role: TokenRole, actor: String, at time: Timestamp) -> AuditEvent {
        AuditEvent(
            actor: actor, action: action, subject: tokenID, details: .object([("name", .string(name)), ("role", .string(role.rawValue))]),
            at: time)
    }
}
