/// A column of strings stored as one UTF-8 buffer plus offsets: cheap to build, to copy across the
/// runner pipe, and to index. `column[i]` decodes one string on demand.
public struct StringColumn: Sendable, Hashable, RandomAccessCollection {
    /// All strings' UTF-8 bytes, back to back.
    public let utf8: [UInt8]
    /// `offsets[i] ..< offsets[i + 1]` are the bytes of string `i`; `offsets.count == count + 1`, `offsets[0] == 0`.
    public let offsets: [Int]

    /// An empty column.
    public init() {
        utf8 = []
        offsets = [0]
    }

    /// Builds a column from strings.
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        offsets.reserveCapacity(strings.underestimatedCount + 1)
        for string in strings {
            var string = string
            string.withUTF8 { bytes.append(contentsOf: $0) }
            offsets.append(bytes.count)
        }
        self.utf8 = bytes
        self.offsets = offsets
    }

    /// Wraps raw storage; returns nil unless the offsets are a valid non-decreasing partition of `utf8`.
    public init?(utf8: [UInt8], offsets: [Int]) {
        guard let first = offsets.first, first == 0, offsets.last == utf8.count else { return nil }
        let ordered = offsets.withUnsafeBufferPointer { buffer in
            for index in 1..<buffer.count where buffer[index] < buffer[index - 1] { return false }
            return true
        }
        guard ordered else { return nil }
        self.utf8 = utf8
        self.offsets = offsets
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count - 1 }

    /// The string at `position`.
    public subscript(position: Int) -> String {
        String(decoding: utf8[offsets[position]..<offsets[position + 1]], as: UTF8.self)
    }

    /// The UTF-8 bytes of the string at `position`, without decoding.
    public func bytes(at position: Int) -> ArraySlice<UInt8> {
        utf8[offsets[position]..<offsets[position + 1]]
    }
}

/// A ragged column: for each row a variable-length run of values, stored flat with offsets.
///
/// `column[row]` is the slice `values[offsets[row] ..< offsets[row + 1]]`; an empty slice means "none".
public struct Ragged<Element: BitwiseCopyable & Sendable & Hashable>: Sendable, Hashable, RandomAccessCollection {
    /// All rows' values, back to back.
    public let values: [Element]
    /// Row boundaries: `offsets.count == count + 1`, `offsets[0] == 0`, `offsets.last == values.count`.
    public let offsets: [Int32]

    /// A column of `rows` empty rows.
    public init(emptyRows rows: Int) {
        values = []
        offsets = [Int32](repeating: 0, count: rows + 1)
    }

    /// Builds a column from one array per row.
    public init<S: Sequence>(rows: S) where S.Element: Sequence, S.Element.Element == Element {
        var values: [Element] = []
        var offsets: [Int32] = [0]
        for row in rows {
            values.append(contentsOf: row)
            offsets.append(Int32(values.count))
        }
        self.values = values
        self.offsets = offsets
    }

    /// Wraps raw storage; returns nil unless the offsets are a valid non-decreasing partition of `values`.
    public init?(values: [Element], offsets: [Int32]) {
        guard let first = offsets.first, first == 0, Int(offsets.last!) == values.count else { return nil }
        let ordered = offsets.withUnsafeBufferPointer { buffer in
            for index in 1..<buffer.count where buffer[index] < buffer[index - 1] { return false }
            return true
        }
        guard ordered else { return nil }
        self.values = values
        self.offsets = offsets
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { offsets.count - 1 }

    /// The values of `row`.
    public subscript(row: Int) -> ArraySlice<Element> {
        values[Int(offsets[row])..<Int(offsets[row + 1])]
    }
}
