import Foundation

/// Reads bytes in fixed-size chunks from a file or an in-memory buffer.
public final class ByteStream {
    private let handle: FileHandle?
    private var memory: [UInt8]?
    private let chunkSize: Int

    /// Opens a file for streaming; throws ``IngestError/cannotRead(path:reason:)``.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw IngestError.cannotRead(path: path, reason: reason)
        }
        self.handle = handle
        self.chunkSize = chunkSize
    }

    /// Streams an in-memory buffer (an HTTP body).
    public init(bytes: [UInt8]) {
        handle = nil
        memory = bytes
        chunkSize = 0
    }

    /// The next chunk, or `nil` at the end.
    public func read() throws -> [UInt8]? {
        if let handle {
            guard let data = try handle.read(upToCount: chunkSize), !data.isEmpty else { return nil }
            return [UInt8](data)
        }
        defer { memory = nil }
        guard let memory, !memory.isEmpty else { return nil }
        return memory
    }

    deinit {
        try? handle?.close()
    }
}
