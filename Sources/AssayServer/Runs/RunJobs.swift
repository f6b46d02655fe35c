import AssayModel
import AssayStore
import Foundation
import Logging
import ServiceLifecycle

/// Background cleaning runs started through `POST /v1/runs`, by job id.
///
/// Each job is recorded in the store when it starts and when it ends, so a server restarted
/// after a crash shows a job that was running as `interrupted` (``AssayService`` marks them at
/// start) instead of forgetting it. Progress lives in memory only. On SIGTERM the server stops
/// taking requests, then ``drain()`` waits for the running jobs before the process exits.
final class RunJobs: @unchecked Sendable {
    typealias State = RunJobRecord.State

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
    private var running: [String: Task<Void, Never>] = [:]
    private let launcher: (any RunLauncher)?
    private let store: ServiceStore
    private let metrics: ServiceMetrics
    private let onFinish: @Sendable () -> Void
    /// At most ``ServerConfiguration/maxConcurrentRuns`` jobs running at once.
    private let limit: ConcurrencyLimit

    init(
        launcher: (any RunLauncher)?, store: ServiceStore, metrics: ServiceMetrics, limit: ConcurrencyLimit,
        onFinish: @escaping @Sendable () -> Void
    ) {
        self.launcher = launcher
        self.store = store
        self.metrics = metrics
        self.limit = limit
        self.onFinish = onFinish
    }

    var canRun: Bool { launcher != nil }

    /// Records and starts a job and returns it at once; nil without a launcher, 429 when the run
    /// limit is reached. The run itself is long, blocking work: it gets a thread of its own,
    /// never a cooperative one.
    func start(snapshot: String?, runsDirectory: URL, actor: String) async throws -> Job? {
        guard let launcher else { return nil }
        try limit.acquire()
        var generator = SystemRandomNumberGenerator()
        let jobID = "job-" + String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 16)
        let output = runsDirectory.appendingPathComponent(jobID)
        let job = Job(
            jobID: jobID, actor: actor, startedAt: .now, state: .running, progress: [], runID: nil, error: nil, finishedAt: nil,
            outputDirectory: output)
        let record = RunJobRecord(jobID: jobID, actor: actor, snapshot: snapshot, output: output.path, startedAt: job.startedAt)
        do {
            try await store.run { try $0.recordJobStarted(record) }
        } catch {
            limit.release()
            throw error
        }
        lock.withLock { jobs[jobID] = job }
        metrics.runsStarted.increment()
        let request = RunStartRequest(snapshot: snapshot, outputDirectory: output, actor: actor)
        let task = Task { [self] in
            let outcome = await onOwnThread {
                Result {
                    try launcher.run(request) { [self] step in lock.withLock { jobs[jobID]?.progress.append(step) } }
                }
            }
            await finish(jobID, outcome)
        }
        lock.withLock { running[jobID] = task }
        return job
    }

    /// Records the end of a job in memory and in the store, and frees its slot.
    private func finish(_ jobID: String, _ outcome: Result<String, any Error>) async {
        let now = Timestamp.now
        let (state, runID, message): (State, String?, String?)
        switch outcome {
        case .success(let id): (state, runID, message) = (.succeeded, id, nil)
        case .failure(let error): (state, runID, message) = (.failed, nil, String(describing: error))
        }
        lock.withLock {
            jobs[jobID]?.state = state
            jobs[jobID]?.runID = runID
            jobs[jobID]?.error = message
            jobs[jobID]?.finishedAt = now
        }
        if state == .succeeded { metrics.runsSucceeded.increment() } else { metrics.runsFailed.increment() }
        // A store busy for longer than its timeout must not lose the end: retry a few times.
        for attempt in 0..<5 {
            do {
                try await store.run { try $0.recordJobEnded(jobID, state: state, at: now, runID: runID, error: message) }
                break
            } catch {
                try? await Task.sleep(for: .seconds(attempt + 1))
            }
        }
        limit.release()
        lock.withLock { _ = running.removeValue(forKey: jobID) }
        onFinish()
    }

    /// Waits until every running job has ended (graceful shutdown).
    func drain() async {
        while let task = lock.withLock({ running.values.first }) {
            await task.value
        }
    }

    /// How many jobs are running now.
    var runningCount: Int { lock.withLock { running.count } }

    /// A job started by this process.
    func job(_ id: String) -> Job? { lock.withLock { jobs[id] } }

    /// A job started by this process, or one the store remembers (an earlier server's).
    func find(_ id: String) async throws -> Job? {
        if let job = job(id) { return job }
        guard let record = try await store.run({ try $0.runJob(id) }) else { return nil }
        return Job(
            jobID: record.jobID, actor: record.actor, startedAt: record.startedAt, state: record.state, progress: [],
            runID: record.runID, error: record.error, finishedAt: record.finishedAt, outputDirectory: URL(fileURLWithPath: record.output))
    }

    func json(_ job: Job) -> JSONValue {
        .object([
            ("job_id", .string(job.jobID)), ("state", .string(job.state.rawValue)), ("actor", .string(job.actor)),
            ("started_at", .string(job.startedAt.description)), ("finished_at", .optional(job.finishedAt?.description)),
            ("progress", .array(job.progress.map { .string($0) })), ("run_id", .optional(job.runID)), ("error", .optional(job.error)),
        ])
    }
}

/// Runs `body` on a new thread at the bulk priority and returns its result without holding a
/// cooperative thread.
private func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread.detachNewThread {
            StoreExecutor.lowerPriority()
            continuation.resume(returning: body())
        }
    }
}

/// Waits, on graceful shutdown (SIGTERM, SIGINT), for the running cleaning runs: the HTTP server
/// has stopped first (services stop in reverse order), so no new one can start.
struct RunJobsService: Service {
    let jobs: RunJobs
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        let count = jobs.runningCount
        if count > 0 { logger.notice("waiting for \(count) running cleaning run(s) before stopping") }
        await jobs.drain()
    }
}
