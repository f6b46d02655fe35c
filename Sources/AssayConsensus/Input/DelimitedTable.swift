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

/// A small RFC 4180 reader for the crowd-kit long layout (`task,worker,label` and friends).
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

/// Splits text into rows of fields, tracking line numbers.
struct RowReader {
    let bytes: [UInt8]
    let delimiter: UInt8
    var pos = 0
    var line = 1

    init(bytes: [UInt8], delimiter: UInt8) {
        self.bytes = bytes
        self.delimiter = delimiter
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
    }

    mutating func next() throws(TableError) -> (line: Int, fields: [String])? {
        let quote = UInt8(ascii: "\"")
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        // Skip blank lines.
        while pos < bytes.count, bytes[pos] == lf || bytes[pos] == cr {
            if bytes[pos] == lf { line += 1 }
            pos += 1
        }
        guard pos < bytes.count else { return nil }
        let startLine = line
        var fields: [String] = []
        var field: [UInt8] = []
        while true {
            if pos < bytes.count, bytes[pos] == quote, field.isEmpty {
                let qLine = line
                pos += 1
                var closed = false
                while pos < bytes.count {
                    let b = bytes[pos]
                    if b == quote {
                        if pos + 1 < bytes.count, bytes[pos + 1] == quote {
                            field.append(quote)
                            pos += 2
                            continue
                        }
                        pos += 1
                        closed = true
                        break
                    }
                    if b == lf { line += 1 }
                    field.append(b)
                    pos += 1
                }
                if !closed { throw .unterminatedQuote(line: qLine, column: fields.count + 1) }
                if pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != lf, bytes[pos] != cr {
                    throw .badRow(line: line, column: fields.count + 1, message: "unexpected character after a closing quote")
                }
            }
            while pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != lf, bytes[pos] != cr {
                if bytes[pos] == quote {
                    throw .badRow(
                        line: line, column: fields.count + 1, message: "a quote inside an unquoted field (quote the whole field and double the quote)"
                    )
                }
                field.append(bytes[pos])
                pos += 1
            }
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            if pos >= bytes.count { break }
            if bytes[pos] == delimiter {
                pos += 1
                continue
            }
            // End of line.
            if bytes[pos] == cr { pos += 1 }
            if pos < bytes.count, bytes[pos] == lf { pos += 1 }
            line += 1
            break
        }
        return (startLine, fields)
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
