import AssayModel

/// Pairwise ratings as CSV, the shape annotation tools export (documented in `Docs/ingest.md`).
///
/// A header row is required. Columns (order free, names exact):
///
/// | column | maps to | required |
/// |---|---|---|
/// | `rating_id`, `annotator_id`, `item_id`, `submitted_at` | the same contract fields | yes |
/// | `choice` | `choice`: a response id or `tie` | yes |
/// | `prompt` | `prompt` | on first sight of an item |
/// | `response_a`, `response_b` | `responses` texts | on first sight of an item |
/// | `response_a_id`, `response_b_id` | the response ids (default `a`, `b`) | no |
/// | `shown_order` | `shown_order`, ids separated by `|` (e.g. `b|a`) | no |
/// | `strength`, `duration_ms` | numbers | no |
/// | `gold` | `gold`: a response id or `tie` | no |
/// | `meta.NAME` | `meta.NAME` as a string | no |
///
/// An empty cell means the field is absent. Every row becomes a contract-v1 JSON object and
/// goes through the same validation as JSON Lines.
public struct PairwiseCSVSource: RecordSource {
    public static let knownColumns: Set<String> = [
        "rating_id", "annotator_id", "item_id", "submitted_at", "choice", "prompt", "response_a", "response_b",
        "response_a_id", "response_b_id", "shown_order", "strength", "duration_ms", "gold",
    ]
    public static let requiredColumns = ["rating_id", "annotator_id", "item_id", "submitted_at", "choice"]

    private var reader: CSVRecordReader
    private var header: [String] = []
    private var headerRaw: [UInt8] = []
    public let origin: String

    /// Opens a CSV stream and reads its header; throws ``IngestError/csvHeader(path:reason:)``.
    public init(stream: ByteStream, origin: String) throws {
        reader = CSVRecordReader(stream: stream)
        self.origin = origin
        let headerRecord: Result<CSVRecordReader.Record, CSVRecordReader.Malformed>?
        do {
            headerRecord = try reader.next()
        } catch let problem as CSVRecordReader.RecordTooLarge {
            throw IngestError.csvRecordTooLarge(path: origin, problem)
        }
        guard let first = headerRecord else { throw IngestError.csvHeader(path: origin, reason: "the file is empty") }
        switch first {
        case .failure(let malformed): throw IngestError.csvHeader(path: origin, reason: malformed.reason)
        case .success(let record):
            header = record.fields.map { $0.trimmingCharacters(in: " ") }
            headerRaw = record.raw
        }
        for column in header where !Self.knownColumns.contains(column) && !column.hasPrefix("meta.") {
            throw IngestError.csvHeader(
                path: origin,
                reason: "unknown column \"\(column)\" (known: \(Self.knownColumns.sorted().joined(separator: ", ")), meta.NAME)")
        }
        for column in Self.requiredColumns where !header.contains(column) {
            throw IngestError.csvHeader(path: origin, reason: "missing required column \"\(column)\"")
        }
        var seen: Set<String> = []
        for column in header where !seen.insert(column).inserted {
            throw IngestError.csvHeader(path: origin, reason: "column \"\(column)\" appears twice")
        }
    }

    public mutating func next() throws -> SourceRecord? {
        let next: Result<CSVRecordReader.Record, CSVRecordReader.Malformed>?
        do {
            next = try reader.next()
        } catch let problem as CSVRecordReader.RecordTooLarge {
            throw IngestError.csvRecordTooLarge(path: origin, problem)
        }
        guard let result = next else { return nil }
        var raw: [UInt8]
        let record: CSVRecordReader.Record
        switch result {
        case .failure(let malformed):
            raw = malformed.raw
            prependHeader(&raw)
            return SourceRecord(
                line: malformed.line, payload: .unreadable(RatingError(field: nil, reason: "not valid CSV: \(malformed.reason)")),
                raw: raw)
        case .success(let success):
            record = success
            raw = success.raw
        }
        prependHeader(&raw)
        if record.fields.isEmpty || record.fields == [""] {
            return SourceRecord(line: record.line, payload: .blank, raw: raw)
        }
        guard record.fields.count == header.count else {
            return SourceRecord(
                line: record.line,
                payload: .unreadable(
                    RatingError(field: nil, reason: "has \(record.fields.count) fields; the header has \(header.count)")),
                raw: raw)
        }
        return SourceRecord(line: record.line, payload: convert(record.fields), raw: raw)
    }

    /// The header's bytes belong to the digest of the first batch.
    private mutating func prependHeader(_ raw: inout [UInt8]) {
        guard !headerRaw.isEmpty else { return }
        raw = headerRaw + raw
        headerRaw = []
    }

    private func convert(_ fields: [String]) -> SourceRecord.Payload {
        var cells: [String: String] = [:]
        var members: [(key: String, value: JSONValue)] = [("kind", .string("pairwise"))]
        var meta: [(key: String, value: JSONValue)] = []
        for (column, value) in zip(header, fields) where !value.isEmpty {
            if column.hasPrefix("meta.") {
                meta.append((String(column.dropFirst(5)), .string(value)))
            } else {
                cells[column] = value
            }
        }
        for column in ["rating_id", "annotator_id", "item_id", "submitted_at", "choice", "prompt", "gold"] {
            if let value = cells[column] { members.append((column, .string(value))) }
        }
        for column in ["strength", "duration_ms"] {
            guard let text = cells[column] else { continue }
            guard let number = Double(text.trimmingCharacters(in: " ")) else {
                return .unreadable(RatingError(ratingID: cells["rating_id"], field: column, reason: "\"\(text)\" is not a number"))
            }
            members.append((column, .number(number)))
        }
        let idA = cells["response_a_id"] ?? "a"
        let idB = cells["response_b_id"] ?? "b"
        if cells["response_a"] != nil || cells["response_b"] != nil {
            guard let textA = cells["response_a"], let textB = cells["response_b"] else {
                return .unreadable(
                    RatingError(
                        ratingID: cells["rating_id"], field: "responses",
                        reason: "response_a and response_b must both be given, or neither"))
            }
            members.append(
                (
                    "responses",
                    .array([
                        .object([("id", .string(idA)), ("text", .string(textA))]),
                        .object([("id", .string(idB)), ("text", .string(textB))]),
                    ])
                ))
        }
        if let order = cells["shown_order"] {
            members.append(("shown_order", .array(order.split(separator: "|").map { .string(String($0)) })))
        }
        if !meta.isEmpty { members.append(("meta", .object(meta))) }
        return .json(.object(members))
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var slice = Substring(self)
        while slice.first == set { slice = slice.dropFirst() }
        while slice.last == set { slice = slice.dropLast() }
        return String(slice)
    }
}
