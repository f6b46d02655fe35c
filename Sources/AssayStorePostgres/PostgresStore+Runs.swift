import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func recordRun(_ run: RunRecord, annotators: [AnnotatorRunOutcome]) throws {
        try write { session in
            let runSequence: Int64 =
                try session.row(
                    """
                    INSERT INTO runs (run_id, snapshot, snapshot_digest, started_at, finished_at, actor, output, summary)
                    VALUES (\(run.runID), \(run.snapshot), \(run.snapshotDigest), \(run.startedAt.description),
                            \(run.finishedAt.description), \(run.actor), \(run.output), \(run.summary))
                    RETURNING seq
                    """)?.column(0) ?? 0
            var rows = CopyTextEncoder()
            for outcome in annotators {
                rows.int(runSequence)
                rows.text(outcome.annotatorID)
                rows.text(String(outcome.weight))
                rows.text(outcome.status)
                rows.int(Int64(outcome.goldCorrect))
                rows.int(Int64(outcome.goldTotal))
                rows.text(outcome.findings)
                rows.endRow()
            }
            if rows.rows > 0 {
                try session.copy(
                    into: "annotator_runs", columns: ["run_seq", "annotator_id", "weight", "status", "gold_correct", "gold_total", "findings"],
                    data: rows.take())
            }
            try Self.appendAudit(
                session,
                AuditEvent.runFinished(run))
        }
    }

    public func runs() throws -> [RunRecord] {
        try withSession { session in
            try session.rows(
                "SELECT run_id, snapshot, snapshot_digest, started_at, finished_at, actor, output, summary FROM runs ORDER BY seq"
            ).map { row in
                let (runID, snapshot, digest, startedAt, finishedAt, actor, output, summary) = try row.decode(
                    (String, String, String, String, String, String, String, String).self)
                return RunRecord(
                    runID: runID, snapshot: snapshot, snapshotDigest: digest, startedAt: Timestamp.stored(startedAt),
                    finishedAt: Timestamp.stored(finishedAt), actor: actor, output: output, summary: summary)
            }
        }
    }

    public func annotatorHistories(limit: Int = 10) throws -> [String: AnnotatorHistory] {
        try withSession { session in
            var histories: [String: AnnotatorHistory] = [:]
            let rows = try session.rows(
                """
                SELECT ar.annotator_id, ar.weight, ar.gold_correct, ar.gold_total FROM annotator_runs ar
                WHERE ar.run_seq IN (SELECT seq FROM runs ORDER BY seq DESC LIMIT \(Int64(max(0, limit))))
                ORDER BY ar.annotator_id, ar.run_seq DESC
                """)
            for row in rows {
                let (id, weight, goldCorrect, goldTotal) = try row.decode((String, Double, Int64, Int64).self)
                var history = histories[id] ?? AnnotatorHistory()
                if history.pastWeights.isEmpty {
                    history.goldCorrect = Int(goldCorrect)
                    history.goldTotal = Int(goldTotal)
                }
                history.pastWeights.append(weight)
                histories[id] = history
            }
            return histories
        }
    }

    @discardableResult
    public func recordDecision(_ decision: ReviewerDecision) throws -> AuditEntry {
        try write { session in
            try session.execute(
                """
                INSERT INTO reviewer_decisions (annotator_id, decision, note, actor, decided_at, evidence)
                VALUES (\(decision.annotatorID), \(decision.verdict.rawValue), \(decision.note), \(decision.actor),
                        \(decision.decidedAt.description), \(decision.evidence))
                """)
            return try Self.appendAudit(
                session,
                AuditEvent.reviewDecided(decision))
        }
    }

    public func latestDecisions() throws -> [String: ReviewerDecision] {
        try withSession { session in try Self.latestDecisions(session) }
    }

    private static func latestDecisions(_ session: PostgresSession) throws -> [String: ReviewerDecision] {
        var decisions: [String: ReviewerDecision] = [:]
        for row in try session.rows("SELECT annotator_id, decision, note, actor, decided_at, evidence FROM reviewer_decisions ORDER BY seq") {
            let (annotatorID, verdict, note, actor, decidedAt, evidence) = try row.decode((String, String, String, String, String, String).self)
            decisions[annotatorID] = ReviewerDecision(
                annotatorID: annotatorID, verdict: ReviewerDecision.Verdict(rawValue: verdict) ?? .confirm, note: note, actor: actor,
                decidedAt: Timestamp.stored(decidedAt), evidence: evidence)
        }
        return decisions
    }

    public func latestStandings(status: String? = nil) throws -> [AnnotatorStanding] {
        try read { session in
            let decisions = try Self.latestDecisions(session)
            guard let run = try session.row("SELECT seq, run_id FROM runs ORDER BY seq DESC LIMIT 1") else { return [] }
            let (runSequence, runID) = try run.decode((Int64, String).self)
            let rows: [PostgresRow]
            if let status {
                rows = try session.rows(
                    """
                    SELECT annotator_id, weight, status, gold_correct, gold_total, findings FROM annotator_runs
                    WHERE run_seq = \(runSequence) AND status = \(status) ORDER BY annotator_id
                    """)
            } else {
                rows = try session.rows(
                    """
                    SELECT annotator_id, weight, status, gold_correct, gold_total, findings FROM annotator_runs
                    WHERE run_seq = \(runSequence) ORDER BY annotator_id
                    """)
            }
            return try rows.map { row in
                let outcome = try Self.outcome(row)
                return AnnotatorStanding(runID: runID, outcome: outcome, decision: decisions[outcome.annotatorID])
            }
        }
    }

    public func standing(of annotatorID: String) throws -> AnnotatorStanding? {
        try read { session in
            guard let run = try session.row("SELECT seq, run_id FROM runs ORDER BY seq DESC LIMIT 1") else { return nil }
            let (runSequence, runID) = try run.decode((Int64, String).self)
            guard
                let row = try session.row(
                    """
                    SELECT annotator_id, weight, status, gold_correct, gold_total, findings FROM annotator_runs
                    WHERE run_seq = \(runSequence) AND annotator_id = \(annotatorID)
                    """)
            else { return nil }
            let decision = try session.row(
                """
                SELECT annotator_id, decision, note, actor, decided_at, evidence FROM reviewer_decisions
                WHERE annotator_id = \(annotatorID) ORDER BY seq DESC LIMIT 1
                """
            ).map { row in
                let (annotatorID, verdict, note, actor, decidedAt, evidence) = try row.decode(
                    (String, String, String, String, String, String).self)
                return ReviewerDecision(
                    annotatorID: annotatorID, verdict: ReviewerDecision.Verdict(rawValue: verdict) ?? .confirm, note: note, actor: actor,
                    decidedAt: Timestamp.stored(decidedAt), evidence: evidence)
            }
            return AnnotatorStanding(runID: runID, outcome: try Self.outcome(row), decision: decision)
        }
    }

    private static func outcome(_ row: PostgresRow) throws -> AnnotatorRunOutcome {
        let (id, weight, status, goldCorrect, goldTotal, findings) = try row.decode((String, Double, String, Int64, Int64, String).self)
        return AnnotatorRunOutcome(
            annotatorID: id, weight: weight, status: status, goldCorrect: Int(goldCorrect), goldTotal: Int(goldTotal), findings: findings)
    }
}
