import AssayModel
import GRDB

/// One annotator's outcome in one run, with the run's id and end (the console's history view).
public struct AnnotatorRunEntry: Sendable, Equatable {
    public let runID: String
    public let finishedAt: Timestamp
    public let outcome: AnnotatorRunOutcome

    /// Creates the value from its fields (for store backends).
    public init(runID: String, finishedAt: Timestamp, outcome: AnnotatorRunOutcome) {
        self.runID = runID
        self.finishedAt = finishedAt
        self.outcome = outcome
    }
}

extension SQLiteStore {
    /// Every run's outcome for one annotator, oldest run first.
    public func annotatorRuns(of annotatorID: String) throws -> [AnnotatorRunEntry] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT r.run_id, r.finished_at, ar.* FROM annotator_runs ar JOIN runs r ON r.seq = ar.run_seq
                    WHERE ar.annotator_id = ? ORDER BY ar.run_seq
                    """,
                arguments: [annotatorID]
            ).map { row in
                AnnotatorRunEntry(
                    runID: row["run_id"], finishedAt: Timestamp(rfc3339: row["finished_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                    outcome: Self.outcome(row))
            }
        }
    }

    /// Every annotator's standing in the run `runID` (with the newest decisions), or nil when there is no such run.
    public func standings(inRun runID: String) throws -> [AnnotatorStanding]? {
        let decisions = try latestDecisions()
        return try pool.read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM runs WHERE run_id = ?", arguments: [runID]) else { return nil }
            return try Row.fetchAll(db, sql: "SELECT * FROM annotator_runs WHERE run_seq = ? ORDER BY annotator_id", arguments: [seq]).map {
                row in
                let outcome = Self.outcome(row)
                return AnnotatorStanding(runID: runID, outcome: outcome, decision: decisions[outcome.annotatorID])
            }
        }
    }

    /// Every decision on one annotator, oldest first.
    public func decisions(of annotatorID: String) throws -> [ReviewerDecision] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM reviewer_decisions WHERE annotator_id = ? ORDER BY seq", arguments: [annotatorID]).map {
                row in
                ReviewerDecision(
                    annotatorID: row["annotator_id"], verdict: ReviewerDecision.Verdict(rawValue: row["decision"]) ?? .confirm,
                    note: row["note"], actor: row["actor"],
                    decidedAt: Timestamp(rfc3339: row["decided_at"]) ?? Timestamp(millisecondsSinceEpoch: 0), evidence: row["evidence"])
            }
        }
    }

    /// One annotator's newest `limit` ratings (by storage order, newest first), each checked against its digest.
    ///
    /// The ratings table has no index by annotator: this walks it from the newest row and stops after `limit`
    /// matches, so it is quick for an annotator who rated recently and a full scan for one who did not.
    public func ratings(ofAnnotator annotatorID: String, limit: Int) throws -> [StoredRating] {
        try pool.read { db in
            guard let annotator = try Int64.fetchOne(db, sql: "SELECT seq FROM annotators WHERE annotator_id = ?", arguments: [annotatorID])
            else { return [] }
            return try Row.fetchAll(
                db, sql: Self.ratingSelect + " WHERE r.annotator_seq = ? ORDER BY r.seq DESC LIMIT ?", arguments: [annotator, limit]
            ).map(Self.decodeRating)
        }
    }

    private static func outcome(_ row: Row) -> AnnotatorRunOutcome {
        AnnotatorRunOutcome(
            annotatorID: row["annotator_id"], weight: row["weight"], status: row["status"], goldCorrect: row["gold_correct"],
            goldTotal: row["gold_total"], findings: row["findings"])
    }
}
