import AssayIngest
import AssayModel
import AssayStore
import Foundation

/// What one `POST /v1/ratings` did.
struct RatingsIngestOutcome: Sendable {
    let receipt: BatchReceipt?
    let results: [RecordResult]
    /// Set when all-or-nothing rolled the batch back.
    let rolledBack: Bool
}

/// Runs the shared ingest pipeline on an HTTP body, on the executor's ingest lane (never on a
/// cooperative thread).
struct RatingsIngest: Sendable {
    enum Format: Sendable {
        case jsonLines
        case jsonArray
    }

    let store: ServiceStore
    let source: String

    /// Ingests `body` as one atomic batch submitted by `caller`, on the ingest lane.
    func run(body: [UInt8], format: Format, caller: Caller, idempotencyKey: String?, allOrNothing: Bool) async throws
        -> RatingsIngestOutcome
    {
        let options = IngestOptions(
            source: source, submitter: caller.name, allOrNothing: allOrNothing, recordsPerBatch: nil, idempotencyKey: idempotencyKey)
        return try await store.run(.ingests) { store in
            let ingestor = Ingestor(store: store)
            var results: [RecordResult] = []
            let onRecord: (Ingestor.RecordOutcome) -> Void = { results.append(RecordResult($0)) }
            do {
                let result: IngestResult
                switch format {
                case .jsonLines:
                    result = try ingestor.ingest(
                        JSONLinesSource(stream: ByteStream(bytes: body), origin: "http"), options: options, onRecord: onRecord)
                case .jsonArray:
                    result = try ingestor.ingest(JSONArraySource(body: body, origin: "http"), options: options, onRecord: onRecord)
                }
                return RatingsIngestOutcome(receipt: result.batches.first, results: results, rolledBack: false)
            } catch StoreError.batchRolledBack {
                return RatingsIngestOutcome(receipt: nil, results: results, rolledBack: true)
            }
        }
    }

    /// Number of records in a JSON Lines body (non-blank lines).
    static func lineCount(_ body: [UInt8]) -> Int {
        var count = 0
        var blank = true
        for byte in body {
            if byte == 0x0A {
                if !blank { count += 1 }
                blank = true
            } else if byte != 0x20, byte != 0x09, byte != 0x0D {
                blank = false
            }
        }
        return blank ? count : count + 1
    }
}
