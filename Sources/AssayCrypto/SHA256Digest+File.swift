import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a file could not be hashed.
public struct FileHashError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path.
    public let path: String
    /// The system's reason (`strerror`).
    public let reason: String

    public var description: String { "\(path): cannot read the file (\(reason))" }
}

extension SHA256Digest {
    /// Hashes a file in 1 MiB pieces, so files of any size take constant memory.
    ///
    /// Opens the path without following a final symbolic link (`O_NOFOLLOW`).
    public static func hash(contentsOf url: URL) throws -> SHA256Digest {
        let path = url.path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else { throw FileHashError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)
        defer { buffer.deallocate() }
        var hasher = SHA256Hasher()
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileHashError(path: path, reason: String(cString: strerror(errno)))
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
        return hasher.finalize()
    }
}
