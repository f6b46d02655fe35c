import AssayModel
import GRDB

extension SQLiteStore {
    /// Records that a job started (append-only: its end is a row of its own).
    public func recordJobStarted(_ job: RunJobRecord) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO run_jobs (job_id, actor, snapshot, output, started_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [job.jobID, job.actor, job.snapshot, job.output, job.startedAt.description])
        }
    }

    /// Records how a job ended (`succeeded`, `failed` or `interrupted`); once per job.
    public func recordJobEnded(_ jobID: String, state: RunJobRecord.State, at time: Timestamp, runID: String?, error: String?) throws {
        try pool.write { db in try Self.recordJobEnded(db, jobID, state: state, at: time, runID: runID, error: error) }
    }

    /// Marks every job without an end as `interrupted` (at a server's start: no job of a
    /// stopped server is still running) and returns their ids.
    @discardableResult
    public func interruptUnfinishedJobs(at time: Timestamp = .now) throws -> [String] {
        try pool.write { db in
            let ids = try String.fetchAll(
                db, sql: "SELECT job_id FROM run_jobs WHERE job_id NOT IN (SELECT job_id FROM run_job_ends) ORDER BY seq")
            for id in ids {
                try Self.recordJobEnded(
                    db, id, state: .interrupted, at: time, runID: nil, error: "the server stopped while the job ran; start it again")
            }
            return ids
        }
    }

    /// A job by id, with its end if it has one.
    public func runJob(_ jobID: String) throws -> RunJobRecord? {
        try pool.read { db in
            try Row.fetchOne(db, sql: Self.jobSelect + " WHERE j.job_id = ?", arguments: [jobID]).map(Self.jobRecord)
        }
    }

    /// Every job, oldest first.
    public func runJobs() throws -> [RunJobRecord] {
        try pool.read { db in try Row.fetchAll(db, sql: Self.jobSelect + " ORDER BY j.seq").map(Self.jobRecord) }
    }

    private static let jobSelect = """
        SELECT j.job_id, j.actor, j.snapshot, j.output, j.started_at, e.state, e.finished_at, e.run_id, e.error
        FROM run_jobs j LEFT JOIN run_job_ends e ON e.job_id = j.job_id
        """

    private static func recordJobEnded(
        _ db: Database, _ jobID: String, state: RunJobRecord.State, at time: Timestamp, runID: String?, error: String?
    ) throws {
        try db.execute(
            sql: "INSERT INTO run_job_ends (job_id, state, finished_at, run_id, error) VALUES (?, ?, ?, ?, ?)",
            arguments: [jobID, state.rawValue, time.description, runID, error])
    }

    private static func jobRecord(_ row: Row) -> RunJobRecord {
        let state: String? = row["state"]
        return RunJobRecord(
            jobID: row["job_id"], actor: row["actor"], snapshot: row["snapshot"], output: row["output"],
            startedAt: Timestamp(rfc3339: row["started_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
            state: state.flatMap(RunJobRecord.State.init(rawValue:)) ?? .running,
            finishedAt: (row["finished_at"] as String?).flatMap { Timestamp(rfc3339: $0) }, runID: row["run_id"], error: row["error"])
    }
}
