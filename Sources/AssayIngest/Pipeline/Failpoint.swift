import Foundation

/// A test-only failpoint for crash tests: with `ASSAY_FAILPOINT_PAUSE_IN_BATCH=k` in the
/// environment, the ingest stops halfway through its k-th batch (1-based), inside the batch's
/// open transaction, prints `failpoint: paused in batch k` on stderr and waits to be killed.
/// Unset (always, outside tests), it costs one comparison per record.
enum Failpoint {
    static let pauseInBatch: Int? = ProcessInfo.processInfo.environment["ASSAY_FAILPOINT_PAUSE_IN_BATCH"].flatMap(Int.init)

    static func pause(batch: Int) -> Never {
        FileHandle.standardError.write(Data("failpoint: paused in batch \(batch)\n".utf8))
        while true { sleep(3600) }
    }
}
