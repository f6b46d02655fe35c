import AssayModel
import GRDB

extension SQLiteStore {
    /// Records a finished run and every annotator's outcome in it, with an audit entry, atomically.
    public func recordRun(_ run: RunRecord, annotators: [AnnotatorRunOutcome]) throws {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO runs (run_id, snapshot, snapshot_digest, started_at, finished_at, actor, output, summary)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    run.runID, run.snapshot, run.snapshotDigest, run.startedAt.description, run.finishedAt.description, run.actor,
                    run.output, run.summary,
                ])
            let runSequence = db.lastInsertedRowID
            let insert = try db.makeStatement(
                sql: """
                    INSERT INTO annotator_runs (run_seq, annotator_id, weight, status, gold_correct, gold_total, findings)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """)
            for outcome in annotators {
                try insert.execute(arguments: [
                    runSequence, outcome.annotatorID, outcome.weight, outcome.status, outcome.goldCorrect, outcome.goldTotal,
                    outcome.findings,
                ])
            }
            try Self.appendAudit(
                db,
                AuditEvent.runFinished(run))
        }
    }

    /// Runs, oldest first.
    public func runs() throws -> [RunRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY seq").map { row in
                RunRecord(
                    runID: row["run_id"], snapshot: row["snapshot"], snapshotDigest: row["snapshot_digest"],
                    startedAt: Timestamp(rfc3339: row["started_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                    finishedAt: Timestamp(rfc3339: row["finished_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                    actor: row["actor"], output: row["output"], summary: row["summary"])
            }
        }
    }

    /// Each annotator's weights in the last `limit` runs (newest first) and the newest gold counts.
    public func annotatorHistories(limit: Int = 10) throws -> [String: AnnotatorHistory] {
        try pool.read { db in
            var histories: [String: AnnotatorHistory] = [:]
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ar.annotator_id, ar.weight, ar.gold_correct, ar.gold_total FROM annotator_runs ar
                    WHERE ar.run_seq IN (SELECT seq FROM runs ORDER BY seq DESC LIMIT ?)
                    ORDER BY ar.annotator_id, ar.run_seq DESC
                    """,
                arguments: [limit])
            for row in rows {
                let id: String = row[0]
                var history = histories[id] ?? AnnotatorHistory()
                if history.pastWeights.isEmpty {
                    history.goldCorrect = row[2]
                    history.goldTotal = row[3]
                }
                history.pastWeights.append(row[1])
                histories[id] = history
            }
            return histories
        }
    }

    /// Records a reviewer decision (append-only; the newest decision per annotator counts).
    @discardableResult
    public func recordDecision(_ decision: ReviewerDecision) throws -> AuditEntry {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO reviewer_decisions (annotator_id, decision, note, actor, decided_at, evidence)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    decision.annotatorID, decision.verdict.rawValue, decision.note, decision.actor,
                    decision.decidedAt.description, decision.evidence,
                ])
            return try Self.appendAudit(
                db,
                AuditEvent.reviewDecided(decision))
        }
    }

    /// The newest decision for every annotator that has one.
    public func latestDecisions() throws -> [String: ReviewerDecision] {
        try pool.read { db in
            var decisions: [String: ReviewerDecision] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM reviewer_decisions ORDER BY seq") {
                let decision = ReviewerDecision(
                    annotatorID: row["annotator_id"], verdict: ReviewerDecision.Verdict(rawValue: row["decision"]) ?? .confirm,
                    note: row["note"], actor: row["actor"],
                    decidedAt: Timestamp(rfc3339: row["decided_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                    evidence: row["evidence"])
                decisions[decision.annotatorID] = decision
            }
            return decisions
        }
    }

    /// Every annotator's standing in the newest run (optionally only those with `status`), by id.
    public func latestStandings(status: String? = nil) throws -> [AnnotatorStanding] {
        let decisions = try latestDecisions()
        return try pool.read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT seq, run_id FROM runs ORDER BY seq DESC LIMIT 1") else { return [] }
            var sql = "SELECT * FROM annotator_runs WHERE run_seq = ?"
            var arguments: StatementArguments = [run["seq"] as Int64]
            if let status {
                sql += " AND status = ?"
                arguments += [status]
            }
            sql += " ORDER BY annotator_id"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let id: String = row["annotator_id"]
                return AnnotatorStanding(
                    runID: run["run_id"],
                    outcome: AnnotatorRunOutcome(
                        annotatorID: id, weight: row["weight"], status: row["status"], goldCorrect: row["gold_correct"],
                        goldTotal: row["gold_total"], findings: row["findings"]),
                    decision: decisions[id])
            }
        }
    }

    /// One annotator's standing in the newest run, or nil when the newest run did not see them.
    public func standing(of annotatorID: String) throws -> AnnotatorStanding? {
        let decisions = try latestDecisions()
        return try pool.read { db in
            guard let run = try Row.fetchOne(db, sql: "SELECT seq, run_id FROM runs ORDER BY seq DESC LIMIT 1"),
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM annotator_runs WHERE run_seq = ? AND annotator_id = ?",
                    arguments: [run["seq"] as Int64, annotatorID])
            else { return nil }
            return AnnotatorStanding(
                runID: run["run_id"],
                outcome: AnnotatorRunOutcome(
                    annotatorID: annotatorID, weight: row["weight"], status: row["status"], goldCorrect: row["gold_correct"],
                    goldTotal: row["gold_total"], findings: row["findings"]),
                decision: decisions[annotatorID])
        }
    }
}
