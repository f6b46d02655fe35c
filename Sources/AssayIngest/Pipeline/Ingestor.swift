import AssayModel
import AssayStore

/// Validates records from a ``RecordSource`` against the contract and the stored items and
/// writes them to a ``RatingStore`` in atomic batches.
///
/// Per record: parse → self-contained contract rules (``RatingDecoder``) → item rules
/// (``Rating/check(against:)``: known response ids, counts per kind, unchanged texts) →
/// idempotent insert (accepted / duplicate / conflict). Bad records are reported one by one
/// through `onProblem` and recorded in the batch; valid records of the same input are still
/// taken unless ``IngestOptions/allOrNothing``.
public struct Ingestor: Sendable {
    public let store: any RatingStore

    public init(store: any RatingStore) {
        self.store = store
    }

    /// Ingests every record of `source`.
    /// - Parameters:
    ///   - onProblem: called for every rejected or conflicting record, in input order.
    ///   - onProgress: called every `progressEvery` records with the running counts.
    public func ingest<Source: RecordSource>(
        _ source: inout Source, options: IngestOptions, progressEvery: Int = 50_000,
        onProblem: (RatingError) -> Void = { _ in }, onProgress: (IngestCounts) -> Void = { _ in }
    ) throws -> IngestResult {
        let limit = options.allOrNothing ? nil : options.recordsPerBatch.map { max(1, $0) }
        var batches: [BatchReceipt] = []
        var total = IngestCounts()
        var pending = try source.next()
        repeat {
            var recordsInBatch = 0
            let header = BatchHeader(
                source: options.source, submitter: options.submitter, origin: source.origin, receivedAt: .now,
                idempotencyKey: options.idempotencyKey, allOrNothing: options.allOrNothing)
            let receipt = try store.ingestBatch(header) { writer in
                while let record = pending {
                    if let limit, recordsInBatch >= limit { break }
                    record.raw.withUnsafeBytes { writer.addRawBytes($0) }
                    if case .blank = record.payload {
                        pending = try source.next()
                        continue
                    }
                    recordsInBatch += 1
                    let outcome = try Self.process(record, writer: writer)
                    switch outcome {
                    case .conflict(let error), .rejected(let error): onProblem(error)
                    default: break
                    }
                    total.count(outcome)
                    if total.total % progressEvery == 0 { onProgress(total) }
                    pending = try source.next()
                }
            }
            batches.append(receipt)
        } while pending != nil
        return IngestResult(batches: batches, counts: total)
    }

    /// Validates one record and hands it to the writer.
    static func process(_ record: SourceRecord, writer: any BatchWriter) throws -> IngestOutcome {
        do {
            let rating: Rating
            switch record.payload {
            case .blank:
                preconditionFailure("blank records are skipped by the caller")
            case .unreadable(var error):
                error.line = record.line
                throw error
            case .jsonLine(let bytes):
                rating = try bytes.withUnsafeBufferPointer { buffer throws(RatingError) in
                    try RatingDecoder.decode(line: buffer, lineNumber: record.line)
                }
            case .json(let value):
                rating = try RatingDecoder.decode(value, lineNumber: record.line)
            }
            let item: Item
            if let stored = try writer.item(rating.itemID) {
                item = stored
            } else if let carried = rating.carriedItem {
                item = carried
            } else {
                throw RatingError(
                    line: record.line, ratingID: rating.ratingID, field: rating.prompt == nil ? "prompt" : "responses",
                    reason: "item \"\(rating.itemID)\" is not known yet; its first rating must carry prompt and responses")
            }
            do {
                try rating.check(against: item)
            } catch var error {
                error.line = record.line
                throw error
            }
            return try writer.insert(rating, line: record.line)
        } catch let error as RatingError {
            try writer.recordProblem(error)
            return error.kind == .conflict ? .conflict(error) : .rejected(error)
        }
    }
}
