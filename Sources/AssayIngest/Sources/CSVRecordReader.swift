/// RFC 4180 CSV records over a byte stream: comma-separated, fields optionally in double
/// quotes (`""` for a quote inside), quoted fields may span lines; LF or CRLF.
public struct CSVRecordReader {
    /// One record: the line it starts on, its fields, its raw bytes.
    public struct Record {
        public let line: Int
        public let fields: [String]
        public let raw: [UInt8]
    }

    /// A record that breaks RFC 4180 (stray quote, unterminated quoted field, invalid UTF-8).
    public struct Malformed: Error {
        public let line: Int
        public let reason: String
        public let raw: [UInt8]
    }

    private var lines: LineReader

    public init(stream: ByteStream) {
        lines = LineReader(stream: stream)
    }

    /// The next record; blank lines are returned as a record with no fields.
    public mutating func next() throws -> Result<Record, Malformed>? {
        guard let first = try lines.next() else { return nil }
        var raw = Array(first.raw)
        var text = Array(first.content)
        let startLine = first.number
        while true {
            switch Self.split(text) {
            case .success(let fields):
                return .success(Record(line: startLine, fields: fields, raw: raw))
            case .failure(.openQuote):
                guard let continuation = try lines.next() else {
                    return .failure(Malformed(line: startLine, reason: "a quoted field is never closed", raw: raw))
                }
                raw.append(contentsOf: continuation.raw)
                text.append(UInt8(ascii: "\n"))
                text.append(contentsOf: continuation.content)
            case .failure(.malformed(let reason)):
                return .failure(Malformed(line: startLine, reason: reason, raw: raw))
            }
        }
    }

    private enum SplitFailure: Error {
        case openQuote
        case malformed(String)
    }

    private static func split(_ bytes: [UInt8]) -> Result<[String], SplitFailure> {
        if bytes.isEmpty { return .success([]) }
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        var quoted = false
        var fieldStart = true
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 2
                        continue
                    }
                    quoted = false
                    index += 1
                    if index < bytes.count, bytes[index] != UInt8(ascii: ",") {
                        return .failure(.malformed("text after a closing quote in field \(fields.count + 1)"))
                    }
                    continue
                }
                field.append(byte)
                index += 1
                continue
            }
            switch byte {
            case UInt8(ascii: ","):
                guard let string = String(validating: field, as: UTF8.self) else {
                    return .failure(.malformed("field \(fields.count + 1) is not valid UTF-8"))
                }
                fields.append(string)
                field.removeAll(keepingCapacity: true)
                fieldStart = true
                index += 1
                continue
            case UInt8(ascii: "\""):
                guard fieldStart, field.isEmpty else {
                    return .failure(.malformed("a quote inside unquoted field \(fields.count + 1)"))
                }
                quoted = true
            default:
                field.append(byte)
            }
            fieldStart = false
            index += 1
        }
        if quoted { return .failure(.openQuote) }
        guard let string = String(validating: field, as: UTF8.self) else {
            return .failure(.malformed("field \(fields.count + 1) is not valid UTF-8"))
        }
        fields.append(string)
        return .success(fields)
    }
}
