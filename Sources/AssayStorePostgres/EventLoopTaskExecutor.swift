import NIOCore

/// Runs a task's jobs on a NIO event loop instead of Swift concurrency's cooperative pool.
///
/// ``PostgresSession/copy(into:columns:data:)`` waits on a blocking thread for postgres-nio's
/// `async` `COPY`. If that task ran on the cooperative pool and every cooperative thread were one
/// such waiting caller (a test calling the store from `async` code, say), nothing would be left to
/// run it. On the connection's event loop it always runs: its jobs only send bytes and resume on
/// the loop's own callbacks, never block.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    private let eventLoop: any EventLoop

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
