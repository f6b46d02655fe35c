import Hummingbird

/// An `application/x-www-form-urlencoded` body (what an HTML form posts), field by name.
struct ConsoleForm: Sendable {
    private var fields: [String: String] = [:]

    /// The first value of `name`, or nil.
    subscript(_ name: String) -> String? { fields[name] }

    /// Parses `text`; a repeated field keeps its first value.
    init(_ text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(parts[0])
            if fields[name] == nil { fields[name] = parts.count > 1 ? Self.decode(parts[1]) : "" }
        }
    }

    /// Reads a form body of at most 64 KiB (413 above it).
    static func read(_ request: Request) async throws -> ConsoleForm {
        let buffer = try await request.body.collect(upTo: 64 << 10)
        return ConsoleForm(String(buffer: buffer))
    }

    /// `+` is a space, `%XY` a byte; invalid escapes are kept as they are; bytes that are not UTF-8 are replaced.
    static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(0x20)
            case UInt8(ascii: "%"):
                let high = iterator.next()
                let low = iterator.next()
                if let high, let low, let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                    if let high { bytes.append(high) }
                    if let low { bytes.append(low) }
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
