/// Contract-v1 ratings as JSON Lines: one object per line; blank lines are skipped.
public struct JSONLinesSource: RecordSource {
    private var lines: LineReader
    public let origin: String

    public init(stream: ByteStream, origin: String) {
        lines = LineReader(stream: stream)
        self.origin = origin
    }

    public mutating func next() throws -> SourceRecord? {
        while let line = try lines.next() {
            if line.content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                // A blank line carries no record, but its bytes still belong to the input's digest.
                return SourceRecord(line: line.number, payload: .blank, raw: Array(line.raw))
            }
            // One copy: the raw line, with the content as a slice of it (no second buffer).
            let raw = Array(line.raw)
            let start = line.content.startIndex - line.raw.startIndex
            let content = raw[start..<(start + line.content.count)]
            return SourceRecord(line: line.number, payload: .jsonLine(content), raw: raw)
        }
        return nil
    }
}
