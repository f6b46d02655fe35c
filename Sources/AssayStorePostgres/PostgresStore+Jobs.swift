import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func recordJobStarted(_ job: RunJobRecord) throws {
        _ = try withSession { session in
            try session.execute(
                """
                INSERT INTO run_jobs (job_id, actor, snapshot, output, started_at)
                VALUES (\(job.jobID), \(job.actor), \(job.snapshot), \(job.output), \(job.startedAt.description))
                """)
        }
    }

    public func recordJobEnded(_ jobID: String, state: RunJobRecord.State, at time: Timestamp, runID: String?, error: String?) throws {
        try withSession { session in try Self.recordJobEnded(session, jobID, state: state, at: time, runID: runID, error: error) }
    }

    /// Marks every job without an end as `interrupted`.
    ///
    /// On several nodes, a node that starts marks the jobs of *every* node: run it only when no
    /// node is running a job (a rolling restart should wait for running jobs first, as SIGTERM does).
    @discardableResult
    public func interruptUnfinishedJobs(at time: Timestamp = .now) throws -> [String] {
        try withSession { session in
            try session.transaction {
                let ids = try session.rows(
                    "SELECT job_id FROM run_jobs WHERE job_id NOT IN (SELECT job_id FROM run_job_ends) ORDER BY seq"
                ).map { try $0.column(0, as: String.self) }
                for id in ids {
                    try Self.recordJobEnded(
                        session, id, state: .interrupted, at: time, runID: nil, error: "the server stopped while the job ran; start it again")
                }
                return ids
            }
        }
    }

    public func runJob(_ jobID: String) throws -> RunJobRecord? {
        try withSession { session in
            try session.row("\(unescaped: Self.jobSelect) WHERE j.job_id = \(jobID)").map(Self.jobRecord)
        }
    }

    public func runJobs() throws -> [RunJobRecord] {
        try withSession { session in try session.rows("\(unescaped: Self.jobSelect) ORDER BY j.seq").map(Self.jobRecord) }
    }

    private static let jobSelect = """
        SELECT j.job_id, j.actor, j.snapshot, j.output, j.started_at, e.state, e.finished_at, e.run_id, e.error
        FROM run_jobs j LEFT JOIN run_job_ends e ON e.job_id = j.job_id
        """

    private static func recordJobEnded(
        _ session: PostgresSession, _ jobID: String, state: RunJobRecord.State, at time: Timestamp, runID: String?, error: String?
    ) throws {
        try session.execute(
            """
            INSERT INTO run_job_ends (job_id, state, finished_at, run_id, error)
            VALUES (\(jobID), \(state.rawValue), \(time.description), \(runID), \(error))
            """)
    }

    private static func jobRecord(_ row: PostgresRow) throws -> RunJobRecord {
        let (jobID, actor, snapshot, output, startedAt, state, finishedAt, runID, error) = try row.decode(
            (String, String, String?, String, String, String?, String?, String?, String?).self)
        return RunJobRecord(
            jobID: jobID, actor: actor, snapshot: snapshot, output: output, startedAt: Timestamp.stored(startedAt),
            state: state.flatMap(RunJobRecord.State.init(rawValue:)) ?? .running, finishedAt: finishedAt.flatMap { Timestamp(rfc3339: $0) },
            runID: runID, error: error)
    }
}
