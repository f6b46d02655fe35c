/// RFC 4180 CSV records over a byte stream: comma-separated (or another one-byte delimiter, such as
/// a tab), fields optionally in double quotes (`""` for a quote inside), quoted fields may span
/// lines; LF or CRLF. Assay's one CSV reader: pairwise CSV ingest, the crowd importers, crowd-kit
/// tables (``DelimitedTable``) and reference answers all read through it.
///
/// One pass over the bytes, one state machine: every byte is looked at once, whatever the
/// quoting, so a stray quote costs linear time. Memory is bounded by ``maximumRecordBytes``
/// (default ``defaultMaximumRecordBytes``, 16 MiB): a longer record — in practice a quoted
/// field whose closing quote is missing — stops the read with ``RecordTooLarge`` naming the
/// line where the record and its open quoted field started.
public struct CSVRecordReader {
    /// One record: the line it starts on, its fields, its raw bytes.
    public struct Record {
        public let line: Int
        public let fields: [String]
        /// Empty when the reader does not keep raw bytes (``CSVRecordReader/init(stream:delimiter:keepsRawRecords:maximumRecordBytes:)``).
        public let raw: [UInt8]
    }

    /// A record that breaks RFC 4180 (stray quote, unterminated quoted field, invalid UTF-8).
    public struct Malformed: Error {
        /// What is wrong, with the 1-based field it is in.
        public enum Problem: Sendable, Equatable {
            /// The field is not valid UTF-8.
            case invalidUTF8(field: Int)
            /// A quoted field opened on `openedOnLine` is never closed.
            case unclosedQuote(field: Int, openedOnLine: Int)
            /// Text follows a quoted field's closing quote.
            case textAfterQuote(field: Int)
            /// A quote inside an unquoted field.
            case quoteInUnquotedField(field: Int)
        }

        /// The line the record starts on.
        public let line: Int
        /// What is wrong.
        public let problem: Problem
        /// The record's raw bytes.
        public let raw: [UInt8]

        /// One sentence for a per-record error.
        public var reason: String {
            switch problem {
            case .invalidUTF8(let field): "field \(field) is not valid UTF-8"
            case .unclosedQuote(let field, let line): "the quoted field \(field) opened on line \(line) is never closed"
            case .textAfterQuote(let field): "text after a closing quote in field \(field)"
            case .quoteInUnquotedField(let field): "a quote inside unquoted field \(field)"
            }
        }
    }

    /// A record longer than ``CSVRecordReader/maximumRecordBytes``. Thrown, not returned: there is
    /// no record boundary to go on from.
    public struct RecordTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
        /// The line the record starts on.
        public let line: Int
        /// The line where the quoted field that was still open started, if one was.
        public let quoteLine: Int?
        /// The cap, in bytes.
        public let limit: Int

        /// Describes a record starting on `line` (with a quoted field open since `quoteLine`) above `limit` bytes.
        public init(line: Int, quoteLine: Int?, limit: Int) {
            self.line = line
            self.quoteLine = quoteLine
            self.limit = limit
        }

        public var description: String {
            let cap = "\(limit >> 20 > 0 ? "\(limit >> 20) MiB" : "\(limit) bytes") (the CSV record cap)"
            if let quoteLine {
                return "line \(line): the quoted field opened on line \(quoteLine) is still open after \(cap): is its closing quote missing?"
            }
            return "line \(line): a record longer than \(cap)"
        }
    }

    /// The default cap on one record's bytes: 16 MiB.
    public static let defaultMaximumRecordBytes = 16 << 20

    /// The cap on one record's bytes (raw, terminators included).
    public let maximumRecordBytes: Int

    private enum State {
        /// At the start of a field: a quote opens a quoted field.
        case fieldStart
        /// Inside an unquoted field.
        case unquoted
        /// Inside a quoted field.
        case quoted
        /// Just after a quoted field's closing quote: a comma or the end of the record must follow.
        case afterQuote
        /// After an error: the rest of the line belongs to the malformed record.
        case skipping
    }

    private static let quote = UInt8(ascii: "\"")
    /// The field separator.
    private let delimiter: UInt8
    /// Whether ``Record/raw`` is filled.
    private let keepsRawRecords: Bool
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    private let stream: ByteStream
    /// Bytes read; `buffer[recordStart..<position]` is the current record, kept until it ends.
    private var buffer: [UInt8] = []
    private var recordStart = 0
    private var position = 0
    private var finished = false
    /// The number of the line `position` is on.
    private var line = 1
    private var atStreamStart = true
    /// The record being read and its open quoted field, for ``RecordTooLarge``.
    private var recordLine = 1
    private var openQuoteLine: Int?

    /// Reads `stream`, fields separated by `delimiter`; records longer than `maximumRecordBytes` stop the read.
    /// `keepsRawRecords: false` leaves ``Record/raw`` empty (a table reader that never quotes a record saves a
    /// copy of every record); a malformed record always keeps its bytes.
    public init(
        stream: ByteStream, delimiter: UInt8 = UInt8(ascii: ","), keepsRawRecords: Bool = true,
        maximumRecordBytes: Int = CSVRecordReader.defaultMaximumRecordBytes
    ) {
        self.stream = stream
        self.delimiter = delimiter
        self.keepsRawRecords = keepsRawRecords
        self.maximumRecordBytes = max(1, maximumRecordBytes)
    }

    /// The next record; blank lines are returned as a record with no fields.
    /// - Throws: ``RecordTooLarge``, or the stream's read error.
    public mutating func next() throws -> Result<Record, Malformed>? {
        recordStart = position
        guard try available(0) else { return nil }
        if atStreamStart {
            atStreamStart = false
            // A UTF-8 byte order mark before the first record is not content (it stays in `raw`).
            if try available(2), buffer[position] == 0xEF, buffer[position + 1] == 0xBB, buffer[position + 2] == 0xBF { position += 3 }
        }
        let startLine = line
        recordLine = startLine
        openQuoteLine = nil
        var fields: [String] = []
        var field: [UInt8] = []
        var state = State.fieldStart
        var quoteLine = startLine
        var sawContent = false
        var problem: Malformed.Problem?

        func finishField() {
            guard problem == nil else { return }
            guard let text = String(validating: field, as: UTF8.self) else {
                problem = .invalidUTF8(field: fields.count + 1)
                return
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
        }

        scan: while true {
            guard try available(0) else {
                // End of input: the record ends here.
                if state == .quoted {
                    problem = problem ?? .unclosedQuote(field: fields.count + 1, openedOnLine: quoteLine)
                } else if state != .skipping, sawContent {
                    finishField()
                }
                break scan
            }
            var byte = buffer[position]
            if byte == Self.cr, state != .skipping {
                // CR LF (or a CR at the very end) ends the line like LF alone.
                if try !available(1) || buffer[position + 1] == Self.lf {
                    position += 1
                    if try !available(0) { continue }
                    byte = Self.lf
                }
            }
            switch state {
            case .quoted:
                if byte == Self.quote {
                    if try available(1), buffer[position + 1] == Self.quote {
                        field.append(Self.quote)
                        position += 2
                        continue
                    }
                    state = .afterQuote
                    openQuoteLine = nil
                } else {
                    if byte == Self.lf { line += 1 }
                    field.append(byte)
                }
                position += 1
                continue
            case .skipping:
                position += 1
                if byte == Self.lf {
                    line += 1
                    break scan
                }
                continue
            case .fieldStart, .unquoted, .afterQuote:
                break
            }
            if byte == Self.lf {
                position += 1
                if sawContent { finishField() }
                line += 1
                break scan
            }
            sawContent = true
            if byte == delimiter {
                finishField()
                state = problem == nil ? .fieldStart : .skipping
                position += 1
                continue
            }
            switch state {
            case .afterQuote:
                problem = .textAfterQuote(field: fields.count + 1)
                state = .skipping
                continue
            case .fieldStart where byte == Self.quote:
                state = .quoted
                quoteLine = line
                openQuoteLine = line
            case .unquoted where byte == Self.quote:
                problem = .quoteInUnquotedField(field: fields.count + 1)
                state = .skipping
                continue
            default:
                field.append(byte)
                state = .unquoted
            }
            position += 1
        }
        if let problem { return .failure(Malformed(line: startLine, problem: problem, raw: Array(buffer[recordStart..<position]))) }
        return .success(Record(line: startLine, fields: fields, raw: keepsRawRecords ? Array(buffer[recordStart..<position]) : []))
    }

    /// Whether `buffer[position + ahead]` exists, reading more of the stream if needed.
    /// - Throws: ``RecordTooLarge`` when the current record would grow past the cap.
    private mutating func available(_ ahead: Int) throws -> Bool {
        while position + ahead >= buffer.count {
            if finished { return false }
            if buffer.count - recordStart > maximumRecordBytes {
                throw RecordTooLarge(line: recordLine, quoteLine: openQuoteLine, limit: maximumRecordBytes)
            }
            // Drop the records already returned before reading more (one move per chunk, not per record).
            if recordStart > 0 {
                buffer.removeSubrange(0..<recordStart)
                position -= recordStart
                recordStart = 0
            }
            if try !stream.read(appendingTo: &buffer) { finished = true }
        }
        return true
    }
}
