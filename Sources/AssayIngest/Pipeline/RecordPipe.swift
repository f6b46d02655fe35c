import Foundation

/// A bounded, blocking FIFO of element chunks between the parsing thread and the store writer.
///
/// Bounded so that a fast parser cannot run ahead of a slow disk and fill memory: `put`
/// blocks while `capacity` chunks are waiting. Either side can stop the other: the producer
/// with `finish(error:)`, the consumer with `cancel()`.
///
/// Chunks the consumer is done with travel back (``take(returning:)``) and are emptied by the
/// producer (``put(_:)`` hands them out for reuse): freeing a chunk's records — every string of
/// every rating — then costs the parsing thread, which has time to spare, instead of the store
/// writer, which has none (measured: ~10% of the writer's time).
final class RecordPipe: @unchecked Sendable {
    private let condition = NSCondition()
    private var returned: [[PipeElement]] = []
    private var chunks: [[PipeElement]] = []
    private var head = 0
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int = 8) {
        self.capacity = capacity
    }

    /// Adds a chunk, waiting for room; returns false if the consumer has cancelled. Chunks the
    /// consumer has returned are appended to `recycled`, for the caller to empty and reuse.
    func put(_ chunk: [PipeElement], recycled: inout [[PipeElement]]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while chunks.count - head >= capacity, !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        if !returned.isEmpty {
            recycled.append(contentsOf: returned)
            returned.removeAll(keepingCapacity: true)
        }
        condition.broadcast()
        return true
    }

    /// Adds a chunk, waiting for room; returns false if the consumer has cancelled.
    func put(_ chunk: [PipeElement]) -> Bool {
        var recycled: [[PipeElement]] = []
        return put(chunk, recycled: &recycled)
    }

    /// Marks the end of input (or the error that ended it).
    func finish(error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk; `nil` at the end; rethrows the producer's error. `done` is a chunk the
    /// caller is done with, handed back to the producer to free and reuse.
    func take(returning done: consuming [PipeElement]? = nil) throws -> [PipeElement]? {
        condition.lock()
        defer { condition.unlock() }
        if !cancelled, returned.count < capacity, let chunk = done.take() { returned.append(chunk) }
        while head == chunks.count, !finished { condition.wait() }
        if head < chunks.count {
            let chunk = chunks[head]
            chunks[head] = []
            head += 1
            if head > 64 {
                chunks.removeFirst(head)
                head = 0
            }
            condition.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    /// Stops the producer (it sees `put` return false).
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// A record source handed to the parsing thread, which is then its only user.
final class RecordStream: @unchecked Sendable {
    private let nextRecord: () throws -> SourceRecord?

    init<Source: RecordSource>(_ source: Source) {
        var source = source
        nextRecord = { try source.next() }
    }

    func next() throws -> SourceRecord? { try nextRecord() }
}
