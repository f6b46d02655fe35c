#if canImport(Glibc)
    import Glibc

    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin

    private let systemRead = Darwin.read
#endif

/// Reads bytes in fixed-size chunks from a file or an in-memory buffer.
///
/// Files are read with `read(2)` straight into the caller's buffer: no intermediate `Data`
/// and no copy per chunk.
public final class ByteStream {
    private let descriptor: Int32?
    private let path: String
    private var memory: [UInt8]?
    private let chunkSize: Int

    /// Whether the descriptor is the process's standard input (not closed when done).
    private let isStandardInput: Bool

    /// The path that means "standard input" (`zcat ratings.jsonl.gz | assay ingest -`).
    public static let standardInputPath = "-"

    /// Opens a file for streaming (``standardInputPath`` reads standard input); throws
    /// ``IngestError/cannotRead(path:reason:)``.
    public init(path: String, chunkSize: Int = 1 << 20) throws {
        self.chunkSize = chunkSize
        if path == Self.standardInputPath {
            descriptor = STDIN_FILENO
            self.path = "standard input"
            isStandardInput = true
            return
        }
        isStandardInput = false
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw IngestError.cannotRead(path: path, reason: reason)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR else {
            close(descriptor)
            throw IngestError.cannotRead(path: path, reason: "is a directory")
        }
        self.descriptor = descriptor
        self.path = path
    }

    /// Streams an in-memory buffer (an HTTP body).
    public init(bytes: [UInt8]) {
        descriptor = nil
        path = "request body"
        isStandardInput = false
        memory = bytes
        chunkSize = 0
    }

    /// Appends the next chunk to `buffer`; returns false at the end of the input.
    public func read(appendingTo buffer: inout [UInt8]) throws -> Bool {
        guard let descriptor else {
            defer { memory = nil }
            guard let memory, !memory.isEmpty else { return false }
            if buffer.isEmpty { buffer = memory } else { buffer.append(contentsOf: memory) }
            return true
        }
        let start = buffer.count
        buffer.reserveCapacity(start + chunkSize)
        var received = 0
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        defer { buffer.removeLast(chunkSize - received) }
        while true {
            let count = buffer.withUnsafeMutableBytes { bytes in
                systemRead(descriptor, bytes.baseAddress! + start, chunkSize)
            }
            if count >= 0 {
                received = count
                return count > 0
            }
            guard errno == EINTR else {
                throw IngestError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }

    deinit {
        if let descriptor, !isStandardInput { close(descriptor) }
    }
}
