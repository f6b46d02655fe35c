import AssayIngest
import AssayModel

/// An independent reference answer per item (Docs/evaluation.md): the response id a trusted judge chose, or a tie.
///
/// Two layouts: JSON Lines, one object per item, `{"item_id": "...", "answer": "<response id>" | "tie"}` (other
/// members are ignored), or CSV with the header `item_id,answer` (RFC 4180 quoting, one record per line). A file
/// whose name ends in `.csv`, or whose first non-blank line is that header, is read as CSV; anything else as JSON
/// Lines. Blank lines are skipped; a file without any answer is an error. An item listed twice with the same answer counts once; with different answers
/// it is an error.
public struct ReferenceAnswers: Sendable, Equatable {
    /// One reference answer.
    public enum Answer: Sendable, Hashable, CustomStringConvertible {
        /// The reference prefers this response id.
        case response(String)
        /// The reference judges the responses equal.
        case tie

        /// `tie` or the response id, as in the file.
        public var description: String {
            switch self {
            case .response(let id): id
            case .tie: "tie"
            }
        }

        init(_ text: String) { self = text == "tie" ? .tie : .response(text) }
    }

    /// The answer by item id.
    public private(set) var answers: [String: Answer] = [:]
    /// Item ids in file order (first occurrence).
    public private(set) var order: [String] = []

    /// An empty reference.
    public init() {}

    /// A reference built in code, for tests and importers.
    public init(_ pairs: [(item: String, answer: Answer)]) {
        for pair in pairs where answers[pair.item] == nil {
            answers[pair.item] = pair.answer
            order.append(pair.item)
        }
    }

    /// Items whose reference prefers one response.
    public var strictItems: Int { answers.values.filter { $0 != .tie }.count }
    /// Items the reference calls a tie.
    public var tieItems: Int { answers.count - strictItems }

    /// Reads a reference file.
    /// - Throws: `EvaluationError.unreadable`, or `.malformed` naming the line and field.
    public init(path: String) throws(EvaluationError) {
        guard let bytes = FileBytes.read(path) else { throw .unreadable(path) }
        try self.init(bytes: bytes, origin: path, csv: path.lowercased().hasSuffix(".csv") ? true : nil)
    }

    /// Parses a reference from bytes; `csv` forces the layout (`nil`: detect from the first non-blank line).
    public init(bytes: [UInt8], origin: String, csv: Bool? = nil) throws(EvaluationError) {
        var isCSV = csv
        var header = true
        var number = 0
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            number += 1
            var stop = end
            if stop > start, bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
            let line = Array(bytes[start..<stop])
            start = end + 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            if isCSV == nil { isCSV = line.first != UInt8(ascii: "{") && String(decoding: line, as: UTF8.self).hasPrefix("item_id") }
            let entry: (item: String, answer: String)
            if isCSV == true {
                let fields = try Self.csvFields(line, origin: origin, line: number)
                if header {
                    header = false
                    let names = fields.map { $0.lowercased() }
                    guard names.count >= 2, names[0] == "item_id", names[1] == "answer" else {
                        throw .malformed(file: origin, reason: "line \(number): the CSV header must begin item_id,answer")
                    }
                    continue
                }
                guard fields.count >= 2 else {
                    throw .malformed(file: origin, reason: "line \(number): field answer: missing (expected item_id,answer)")
                }
                entry = (fields[0], fields[1])
            } else {
                entry = try Self.jsonEntry(line, origin: origin, line: number)
            }
            guard !entry.item.isEmpty else { throw .malformed(file: origin, reason: "line \(number): field item_id: empty") }
            guard !entry.answer.isEmpty else { throw .malformed(file: origin, reason: "line \(number): field answer: empty") }
            let answer = Answer(entry.answer)
            if let earlier = answers[entry.item] {
                guard earlier == answer else {
                    throw .malformed(
                        file: origin,
                        reason: "line \(number): field answer: item \(entry.item) already has the answer \(earlier), now \(answer)")
                }
                continue
            }
            answers[entry.item] = answer
            order.append(entry.item)
        }
        if isCSV == true, header { throw .malformed(file: origin, reason: "line 1: the CSV header item_id,answer is missing") }
        if answers.isEmpty { throw .malformed(file: origin, reason: "no reference answers") }
    }

    /// `item_id` and `answer` of one JSON Lines line.
    private static func jsonEntry(_ line: [UInt8], origin: String, line number: Int) throws(EvaluationError) -> (item: String, answer: String) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            throw .malformed(file: origin, reason: "line \(number): \(error)")
        }
        guard case .object = value else {
            throw .malformed(file: origin, reason: "line \(number): expected a JSON object, got \(value.typeDescription)")
        }
        func field(_ name: String) throws(EvaluationError) -> String {
            guard let member = value[name] else { throw .malformed(file: origin, reason: "line \(number): field \(name): missing") }
            guard let text = member.stringValue else {
                throw .malformed(file: origin, reason: "line \(number): field \(name): expected a string, got \(member.typeDescription)")
            }
            return text
        }
        return (try field("item_id"), try field("answer"))
    }

    /// The name of CSV column `index` (0-based) in error messages.
    private static func columnName(_ index: Int) -> String { index == 0 ? "item_id" : index == 1 ? "answer" : "\(index + 1)" }

    /// The fields of one CSV record on one line (RFC 4180 quoting; no line breaks inside fields), read with
    /// Assay's one CSV reader (`CSVRecordReader`).
    static func csvFields(_ line: [UInt8], origin: String, line number: Int) throws(EvaluationError) -> [String] {
        var reader = CSVRecordReader(stream: ByteStream(bytes: line), keepsRawRecords: false)
        let record: Result<CSVRecordReader.Record, CSVRecordReader.Malformed>?
        do {
            record = try reader.next()
        } catch {
            throw .malformed(file: origin, reason: "line \(number): \(error)")
        }
        switch record {
        case nil: return [""]
        case .success(let record): return record.fields
        case .failure(let malformed):
            let (field, what) =
                switch malformed.problem {
                case .textAfterQuote(let field): (field, "text after a closing quote")
                case .quoteInUnquotedField(let field): (field, "a stray quote")
                case .unclosedQuote(let field, _): (field, "a quoted field is never closed")
                case .invalidUTF8(let field): (field, "not valid UTF-8")
                }
            throw .malformed(file: origin, reason: "line \(number): field \(columnName(field - 1)): \(what)")
        }
    }
}
