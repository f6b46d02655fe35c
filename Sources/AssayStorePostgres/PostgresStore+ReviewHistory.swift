import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func annotatorRuns(of annotatorID: String) throws -> [AnnotatorRunEntry] {
        try withSession { session in
            try session.rows(
                """
                SELECT r.run_id, r.finished_at, ar.annotator_id, ar.weight, ar.status, ar.gold_correct, ar.gold_total, ar.findings
                FROM annotator_runs ar JOIN runs r ON r.seq = ar.run_seq WHERE ar.annotator_id = \(annotatorID) ORDER BY ar.run_seq
                """
            ).map { row in
                let (runID, finishedAt, id, weight, status, goldCorrect, goldTotal, findings) = try row.decode(
                    (String, String, String, Double, String, Int64, Int64, String).self)
                return AnnotatorRunEntry(
                    runID: runID, finishedAt: Timestamp.stored(finishedAt),
                    outcome: AnnotatorRunOutcome(
                        annotatorID: id, weight: weight, status: status, goldCorrect: Int(goldCorrect), goldTotal: Int(goldTotal),
                        findings: findings))
            }
        }
    }

    public func standings(inRun runID: String) throws -> [AnnotatorStanding]? {
        let decisions = try latestDecisions()
        return try read { session in
            guard let run = try session.row("SELECT seq FROM runs WHERE run_id = \(runID)")?.column(0, as: Int64.self) else { return nil }
            return try session.rows(
                """
                SELECT annotator_id, weight, status, gold_correct, gold_total, findings FROM annotator_runs
                WHERE run_seq = \(run) ORDER BY annotator_id
                """
            ).map { row in
                let (id, weight, status, goldCorrect, goldTotal, findings) = try row.decode((String, Double, String, Int64, Int64, String).self)
                return AnnotatorStanding(
                    runID: runID,
                    outcome: AnnotatorRunOutcome(
                        annotatorID: id, weight: weight, status: status, goldCorrect: Int(goldCorrect), goldTotal: Int(goldTotal),
                        findings: findings),
                    decision: decisions[id])
            }
        }
    }

    public func decisions(of annotatorID: String) throws -> [ReviewerDecision] {
        try withSession { session in
            try session.rows(
                """
                SELECT annotator_id, decision, note, actor, decided_at, evidence FROM reviewer_decisions
                WHERE annotator_id = \(annotatorID) ORDER BY seq
                """
            ).map { row in
                let (id, verdict, note, actor, decidedAt, evidence) = try row.decode((String, String, String, String, String, String).self)
                return ReviewerDecision(
                    annotatorID: id, verdict: ReviewerDecision.Verdict(rawValue: verdict) ?? .confirm, note: note, actor: actor,
                    decidedAt: Timestamp.stored(decidedAt), evidence: evidence)
            }
        }
    }

    public func ratings(ofAnnotator annotatorID: String, limit: Int) throws -> [StoredRating] {
        try withSession { session in
            guard let annotator = try session.row("SELECT seq FROM annotators WHERE annotator_id = \(annotatorID)")?.column(0, as: Int64.self)
            else { return [] }
            return try session.rows(
                "\(unescaped: Self.ratingSelect) WHERE r.annotator_seq = \(annotator) ORDER BY r.seq DESC LIMIT \(Int64(max(0, limit)))"
            ).map(Self.decodeRating)
        }
    }
}
