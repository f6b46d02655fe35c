#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Splits a byte stream into lines (LF or CRLF), keeping only one chunk and one line in memory.
public struct LineReader {
    /// One line: its 1-based number, its content (terminator stripped) and its raw bytes.
    public struct Line {
        public let number: Int
        public let content: ArraySlice<UInt8>
        /// Content plus terminator, exactly as read.
        public let raw: ArraySlice<UInt8>
    }

    private let stream: ByteStream
    private var buffer: [UInt8] = []
    private var position = 0
    private var lineNumber = 0
    private var finished = false

    public init(stream: ByteStream) {
        self.stream = stream
    }

    /// The next line, or `nil` at the end. A final line without a terminator is returned too.
    public mutating func next() throws -> Line? {
        while true {
            if let newline = nextNewline() {
                let start = position
                position = newline + 1
                lineNumber += 1
                var end = newline
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                var contentStart = start
                if lineNumber == 1, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
                    contentStart += 3  // UTF-8 byte order mark
                }
                return Line(number: lineNumber, content: buffer[contentStart..<end], raw: buffer[start..<position])
            }
            if finished {
                guard position < buffer.count else { return nil }
                let start = position
                position = buffer.count
                lineNumber += 1
                var end = buffer.count
                if buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                return Line(number: lineNumber, content: buffer[start..<end], raw: buffer[start..<buffer.count])
            }
            // Keep the unfinished line, read the next chunk.
            if position > 0 {
                buffer.removeSubrange(0..<position)
                position = 0
            }
            if try !stream.read(appendingTo: &buffer) { finished = true }
        }
    }

    /// The index of the next LF at or after `position` (`memchr`, vectorised by the C library).
    private func nextNewline() -> Int? {
        guard position < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { bytes in
            guard let found = memchr(bytes.baseAddress! + position, 0x0A, bytes.count - position) else { return nil }
            return bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }
}
