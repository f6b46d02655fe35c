import AssayModel
import Foundation

/// Background cleaning runs started through `POST /v1/runs`, by job id.
final class RunJobs: @unchecked Sendable {
    enum State: String, Sendable {
        case running, succeeded, failed
    }

    struct Job: Sendable {
        let jobID: String
        let actor: String
        let startedAt: Timestamp
        var state: State
        var progress: [String]
        var runID: String?
        var error: String?
        var finishedAt: Timestamp?
        let outputDirectory: URL
    }

    private let lock = NSLock()
    private var jobs: [String: Job] = [:]
    private let launcher: (any RunLauncher)?
    private let metrics: ServiceMetrics
    private let onFinish: @Sendable () -> Void
    /// At most ``ServerConfiguration/maxConcurrentRuns`` jobs running at once.
    private let limit: ConcurrencyLimit

    init(
        launcher: (any RunLauncher)?, metrics: ServiceMetrics, limit: ConcurrencyLimit, onFinish: @escaping @Sendable () -> Void
    ) {
        self.launcher = launcher
        self.metrics = metrics
        self.limit = limit
        self.onFinish = onFinish
    }

    var canRun: Bool { launcher != nil }

    /// Starts a job on a thread of its own (a run is long, blocking work: never a cooperative
    /// thread) and returns it at once; nil without a launcher, 429 when the run limit is reached.
    func start(snapshot: String?, runsDirectory: URL, actor: String) throws -> Job? {
        guard let launcher else { return nil }
        try limit.acquire()
        var generator = SystemRandomNumberGenerator()
        let jobID = "job-" + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 16)
        let output = runsDirectory.appendingPathComponent(jobID)
        let job = Job(
            jobID: jobID, actor: actor, startedAt: .now, state: .running, progress: [], runID: nil, error: nil, finishedAt: nil,
            outputDirectory: output)
        lock.withLock { jobs[jobID] = job }
        metrics.runsStarted.increment()
        let request = RunStartRequest(snapshot: snapshot, outputDirectory: output, actor: actor)
        Thread.detachNewThread { [self] in
            do {
                let runID = try launcher.run(request) { [self] step in
                    lock.withLock { jobs[jobID]?.progress.append(step) }
                }
                lock.withLock {
                    jobs[jobID]?.state = .succeeded
                    jobs[jobID]?.runID = runID
                    jobs[jobID]?.finishedAt = .now
                }
                metrics.runsSucceeded.increment()
            } catch {
                lock.withLock {
                    jobs[jobID]?.state = .failed
                    jobs[jobID]?.error = String(describing: error)
                    jobs[jobID]?.finishedAt = .now
                }
                metrics.runsFailed.increment()
            }
            limit.release()
            onFinish()
        }
        return job
    }

    func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// The job that produced a run, if it ran in this process.
    func job(forRun runID: String) -> Job? { lock.withLock { jobs.values.first { $0.runID == runID } } }

    func json(_ job: Job) -> JSONValue {
        .object([
            ("job_id", .string(job.jobID)), ("state", .string(job.state.rawValue)), ("actor", .string(job.actor)),
            ("started_at", .string(job.startedAt.description)), ("finished_at", .optional(job.finishedAt?.description)),
            ("progress", .array(job.progress.map { .string($0) })), ("run_id", .optional(job.runID)), ("error", .optional(job.error)),
        ])
    }
}
