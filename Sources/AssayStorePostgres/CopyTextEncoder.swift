import NIOCore

/// Rows in PostgreSQL's `COPY … FROM STDIN` text format: columns separated by tabs, rows ended
/// by a newline, `\N` for NULL, and backslash, tab, newline and carriage return escaped.
struct CopyTextEncoder {
    private(set) var buffer = ByteBufferAllocator().buffer(capacity: 1 << 16)
    private var columnsInRow = 0
    /// Rows written since the last ``take()``.
    private(set) var rows = 0

    /// Appends a text column.
    mutating func text(_ value: String) {
        separate()
        var value = value
        value.withUTF8 { bytes in appendEscaped(bytes) }
    }

    /// Appends a text column from bytes (UTF-8).
    mutating func text(bytes: [UInt8]) {
        separate()
        bytes.withUnsafeBufferPointer { appendEscaped($0) }
    }

    /// Appends a text column or NULL.
    mutating func text(_ value: String?) {
        guard let value else { return null() }
        text(value)
    }

    /// Appends an integer column.
    mutating func int(_ value: Int64) {
        separate()
        buffer.writeString(String(value))
    }

    /// Appends an integer column or NULL.
    mutating func int(_ value: Int64?) {
        guard let value else { return null() }
        int(value)
    }

    /// Appends NULL.
    mutating func null() {
        separate()
        buffer.writeStaticString("\\N")
    }

    /// Ends the row.
    mutating func endRow() {
        buffer.writeInteger(UInt8(ascii: "\n"))
        columnsInRow = 0
        rows += 1
    }

    /// The rows so far, leaving the encoder empty.
    mutating func take() -> ByteBuffer {
        let taken = buffer
        buffer = ByteBufferAllocator().buffer(capacity: 1 << 16)
        rows = 0
        return taken
    }

    private mutating func separate() {
        if columnsInRow > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
        columnsInRow += 1
    }

    private mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in 0..<bytes.count {
            let escape: UInt8
            switch bytes[index] {
            case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
            default: continue
            }
            if index > start { buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
            buffer.writeInteger(UInt8(ascii: "\\"))
            buffer.writeInteger(escape)
            start = index + 1
        }
        if bytes.count > start { buffer.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }
}
