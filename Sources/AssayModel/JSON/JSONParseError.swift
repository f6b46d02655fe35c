/// Why a byte sequence is not the JSON that was expected.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (0-based) in the parsed text where the problem was found.
    public let offset: Int
    /// What is wrong, in words a user can act on.
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
}
