import AssayIngest
import AssayModel

/// One record's result in a `POST /v1/ratings` answer.
struct RecordResult: Sendable {
    let line: Int?
    let ratingID: String?
    let outcome: String
    let field: String?
    let reason: String?

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("line", line.map { .int($0) } ?? .null), ("rating_id", .optional(ratingID)), ("outcome", .string(outcome)),
        ]
        if let field { members.append(("field", .string(field))) }
        if let reason { members.append(("reason", .string(reason))) }
        return .object(members)
    }
}

extension RecordResult {
    /// The answer for one record of the shared ingest pipeline.
    init(_ record: Ingestor.RecordOutcome) {
        switch record.outcome {
        case .accepted, .duplicate:
            self.init(line: record.line, ratingID: record.ratingID, outcome: record.outcome.label, field: nil, reason: nil)
        case .conflict(let error), .rejected(let error):
            self.init(
                line: error.line ?? record.line, ratingID: error.ratingID ?? record.ratingID, outcome: record.outcome.label,
                field: error.field, reason: error.reason)
        }
    }
}
