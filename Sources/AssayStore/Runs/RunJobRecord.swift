import AssayModel

/// A cleaning run started through the service (`POST /v1/runs`), as the store remembers it: so a
/// restarted server shows a job that was running when it stopped as `interrupted` instead of
/// forgetting it.
public struct RunJobRecord: Sendable, Equatable {
    /// How a job ended; a job without an end is still running (or its server died).
    public enum State: String, Sendable {
        case running, succeeded, failed
        /// The server stopped (crash, SIGKILL) while the job ran; recorded when a server next starts.
        case interrupted
    }

    public let jobID: String
    /// The admin token's name.
    public let actor: String
    /// The snapshot asked for (nil: a new snapshot of everything stored).
    public let snapshot: String?
    /// Where the outputs go.
    public let output: String
    public let startedAt: Timestamp
    public var state: State
    public var finishedAt: Timestamp?
    /// The recorded run, when it succeeded.
    public var runID: String?
    /// Why it failed or was interrupted.
    public var error: String?

    public init(
        jobID: String, actor: String, snapshot: String?, output: String, startedAt: Timestamp, state: State = .running,
        finishedAt: Timestamp? = nil, runID: String? = nil, error: String? = nil
    ) {
        self.jobID = jobID
        self.actor = actor
        self.snapshot = snapshot
        self.output = output
        self.startedAt = startedAt
        self.state = state
        self.finishedAt = finishedAt
        self.runID = runID
        self.error = error
    }
}
