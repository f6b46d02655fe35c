import AssayCrypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The console's secret: the HMAC key that signs session cookies and derives CSRF tokens.
///
/// Every node of a service that shares one store must use the same file (`--console-secret-file`), so a
/// session signed by one node is accepted by the others and survives restarts; nothing is kept in memory
/// between requests. Without that option the key lives beside the database (`DB.console-key`), created on
/// first start with 32 random bytes (hex) at mode 0600, and never rewritten.
public struct ConsoleKey: Sendable {
    let bytes: [UInt8]

    /// The key in `bytes` (at least 32 bytes).
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The default key file of a store: `PATH.console-key`.
    public static func defaultPath(forStore path: String) -> String { path + ".console-key" }

    /// Reads the key file, or creates it (32 random bytes as hex, mode 0600) when it does not exist. Two
    /// servers starting at once on one folder agree: the file is created exclusively and the loser reads it.
    /// - Throws: ``ConsoleKeyError`` when the file cannot be read or created, is readable by others, or is too short.
    public static func loadOrCreate(path: String) throws -> ConsoleKey {
        if !FileManager.default.fileExists(atPath: path) {
            var generator = SystemRandomNumberGenerator()
            let text = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }) + "\n"
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
            if fd >= 0 {
                let written = text.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, text.utf8.count) }
                close(fd)
                guard written == text.utf8.count else { throw ConsoleKeyError(path: path, reason: "could not write the new key") }
            } else if errno != EEXIST {
                throw ConsoleKeyError(path: path, reason: "cannot create it: \(String(cString: strerror(errno)))")
            }
        }
        return try load(path: path)
    }

    /// Reads an existing key file: hex (64 or more digits) or at least 32 raw bytes; not readable by group or others.
    public static func load(path: String) throws -> ConsoleKey {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw ConsoleKeyError(path: path, reason: "cannot read it: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ConsoleKeyError(path: path, reason: "not a regular file") }
        guard info.st_mode & 0o077 == 0 else {
            throw ConsoleKeyError(path: path, reason: "readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))): chmod 600 it")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ConsoleKeyError(path: path, reason: "cannot read it") }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = Hex.decode(text) ?? Array(data)
        guard bytes.count >= 32 else { throw ConsoleKeyError(path: path, reason: "holds \(bytes.count) bytes; a key needs at least 32") }
        return ConsoleKey(bytes: bytes)
    }

    /// The tag of `message` under this key, as lower-case hex.
    func tag(_ message: String) -> String { Hex.encode(HMACSHA256.authenticate(message, key: bytes)) }

    /// Whether `tag` (hex) is the tag of `message`, compared in constant time.
    func isValid(tag: String, for message: String) -> Bool {
        guard let tag = Hex.decode(tag) else { return false }
        return HMACSHA256.isValid(tag, for: Array(message.utf8), key: bytes)
    }
}

/// A console key file that cannot be used.
public struct ConsoleKeyError: Error, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "console key \(path): \(reason)" }
}
