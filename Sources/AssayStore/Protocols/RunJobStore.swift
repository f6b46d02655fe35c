import AssayModel

/// Cleaning runs started through the service, so that a restarted server (or another node)
/// shows them instead of forgetting them.
public protocol RunJobStore: Sendable {
    /// Records that a job started (append-only: its end is a row of its own).
    func recordJobStarted(_ job: RunJobRecord) throws

    /// Records how a job ended (`succeeded`, `failed` or `interrupted`); once per job.
    func recordJobEnded(_ jobID: String, state: RunJobRecord.State, at time: Timestamp, runID: String?, error: String?) throws

    /// Marks every job without an end as `interrupted` and returns their ids.
    @discardableResult
    func interruptUnfinishedJobs(at time: Timestamp) throws -> [String]

    /// A job by id, with its end if it has one.
    func runJob(_ jobID: String) throws -> RunJobRecord?

    /// Every job, oldest first.
    func runJobs() throws -> [RunJobRecord]
}

extension RunJobStore {
    /// Marks every job without an end as `interrupted` now.
    @discardableResult
    public func interruptUnfinishedJobs() throws -> [String] {
        try interruptUnfinishedJobs(at: .now)
    }
}
