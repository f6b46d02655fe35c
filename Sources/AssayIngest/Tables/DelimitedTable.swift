/// A problem in a delimited (CSV/TSV) text, located by line and column.
public enum TableError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text has no header line.
    case missingHeader
    /// A required column is not in the header.
    case missingColumn(name: String, header: [String])
    /// A row has the wrong number of fields or an unusable value.
    case badRow(line: Int, column: Int, message: String)
    /// A quoted field is not closed before the end of the text.
    case unterminatedQuote(line: Int, column: Int)

    public var description: String {
        switch self {
        case .missingHeader:
            return "The file is empty: a header line naming the columns is required"
        case .missingColumn(let name, let header):
            return "Column '\(name)' is missing from the header (found: \(header.joined(separator: ", ")))"
        case .badRow(let line, let column, let message):
            return "Line \(line), column \(column): \(message)"
        case .unterminatedQuote(let line, let column):
            return "Line \(line), column \(column): a quoted field is not closed"
        }
    }
}

/// One column of a table with its values interned: `codes[r]` indexes `names`.
public struct InternedColumn: Sendable, Equatable {
    /// Header name of the column.
    public var name: String
    /// Code per data row, indexing `names`.
    public var codes: [Int32]
    /// Distinct values in sorted order (see `DelimitedTable.sortedNames`).
    public var names: [String]

    /// Wraps codes and their names.
    public init(name: String, codes: [Int32], names: [String]) {
        self.name = name
        self.codes = codes
        self.names = names
    }
}

/// The requested columns of a table and the line number of each data row.
public struct ParsedTable: Sendable, Equatable {
    /// The requested columns, in the order asked.
    public var columns: [InternedColumn]
    /// 1-based line on which each data row starts (for error messages).
    public var lines: [Int32]

    /// Wraps columns and their line numbers.
    public init(columns: [InternedColumn], lines: [Int32]) {
        self.columns = columns
        self.lines = lines
    }

    /// The `c`-th requested column.
    public subscript(c: Int) -> InternedColumn { columns[c] }
}

/// A table reader for the crowd-kit long layout (`task,worker,label` and friends) on ``CSVRecordReader``.
///
/// Fields may be quoted with `"` (a doubled `""` is a literal quote); CRLF and LF line ends are
/// accepted; blank lines are skipped; a UTF-8 byte-order mark is dropped. Values of each
/// requested column are interned and the distinct values are sorted, so codes never depend on
/// row order or hashing.
public enum DelimitedTable {
    /// Parses `bytes` and returns the requested columns, in the order asked.
    /// - Parameters:
    ///   - bytes: the whole file.
    ///   - delimiter: field separator (`,` or tab).
    ///   - required: header names to extract; matching ignores case and surrounding spaces.
    public static func parse(
        _ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ","), required: [String]
    ) throws(TableError) -> ParsedTable {
        var rows = RowReader(bytes: bytes, delimiter: delimiter)
        guard let header = try rows.next() else { throw .missingHeader }
        let headerNames = header.fields.map { $0.trimmingSpaces().lowercased() }
        var positions: [Int] = []
        for name in required {
            guard let p = headerNames.firstIndex(of: name.lowercased()) else {
                throw .missingColumn(name: name, header: header.fields)
            }
            positions.append(p)
        }
        var interners = required.map { _ in [String: Int32]() }
        var firstNames = required.map { _ in [String]() }
        var codes = required.map { _ in [Int32]() }
        var lines: [Int32] = []
        while let row = try rows.next() {
            lines.append(Int32(truncatingIfNeeded: row.line))
            guard row.fields.count == header.fields.count else {
                throw .badRow(
                    line: row.line, column: min(row.fields.count, header.fields.count) + 1,
                    message: "expected \(header.fields.count) fields as in the header, found \(row.fields.count)")
            }
            for (c, p) in positions.enumerated() {
                let v = row.fields[p]
                if v.isEmpty {
                    throw .badRow(line: row.line, column: p + 1, message: "empty value in column '\(header.fields[p])'")
                }
                if let code = interners[c][v] {
                    codes[c].append(code)
                } else {
                    let code = Int32(firstNames[c].count)
                    interners[c][v] = code
                    firstNames[c].append(v)
                    codes[c].append(code)
                }
            }
        }
        let columns = required.indices.map { c in
            let (sorted, remap) = sortedNames(firstNames[c])
            return InternedColumn(name: required[c], codes: codes[c].map { remap[Int($0)] }, names: sorted)
        }
        return ParsedTable(columns: columns, lines: lines)
    }

    /// The header fields (trimmed, case kept) of a delimited text.
    public static func header(_ bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws(TableError) -> [String] {
        var rows = RowReader(bytes: bytes, delimiter: delimiter)
        guard let h = try rows.next() else { throw .missingHeader }
        return h.fields.map { $0.trimmingSpaces() }
    }

    /// Sorts names numerically when every name is a number, otherwise by Unicode scalar values.
    /// Returns the sorted names and, per original position, its new index.
    public static func sortedNames(_ names: [String]) -> ([String], [Int32]) {
        let numbers = names.map { Double($0.trimmingSpaces()) }
        let numeric = numbers.allSatisfy { $0 != nil }
        let order = names.indices.sorted { a, b in
            if numeric, numbers[a]! != numbers[b]! { return numbers[a]! < numbers[b]! }
            return names[a].unicodeScalars.lexicographicallyPrecedes(names[b].unicodeScalars)
        }
        var remap = [Int32](repeating: 0, count: names.count)
        for (newIndex, old) in order.enumerated() { remap[old] = Int32(newIndex) }
        return (order.map { names[$0] }, remap)
    }
}

/// The records of a delimited text as ``TableError``-throwing rows: ``CSVRecordReader`` over the bytes, blank lines
/// skipped, its per-record problems turned into errors naming the line and column.
struct RowReader {
    private var records: CSVRecordReader

    init(bytes: [UInt8], delimiter: UInt8) {
        records = CSVRecordReader(stream: ByteStream(bytes: bytes), delimiter: delimiter, keepsRawRecords: false)
    }

    mutating func next() throws(TableError) -> (line: Int, fields: [String])? {
        while true {
            let next: Result<CSVRecordReader.Record, CSVRecordReader.Malformed>?
            do {
                next = try records.next()
            } catch let error as CSVRecordReader.RecordTooLarge {
                throw .badRow(line: error.line, column: 1, message: error.description)
            } catch {
                throw .badRow(line: 0, column: 1, message: "\(error)")  // an in-memory stream does not fail
            }
            switch next {
            case nil: return nil
            case .success(let record) where record.fields.isEmpty: continue
            case .success(let record): return (record.line, record.fields)
            case .failure(let malformed):
                switch malformed.problem {
                case .unclosedQuote(let field, let line): throw .unterminatedQuote(line: line, column: field)
                case .textAfterQuote(let field):
                    throw .badRow(line: malformed.line, column: field, message: "unexpected character after a closing quote")
                case .quoteInUnquotedField(let field):
                    throw .badRow(
                        line: malformed.line, column: field,
                        message: "a quote inside an unquoted field (quote the whole field and double the quote)")
                case .invalidUTF8(let field): throw .badRow(line: malformed.line, column: field, message: "not valid UTF-8")
                }
            }
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and carriage returns.
    func trimmingSpaces() -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let start = firstIndex(where: { !blank($0) }), let end = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[start...end])
    }
}
