import Hummingbird
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A run's output file opened for a download: a regular file reached without following a
/// symbolic link (neither the file nor the run's folder may be one), streamed in chunks read
/// on the store executor, never read whole into memory.
///
/// A link planted in a run's folder (say `dataset.jsonl -> /etc/shadow`) is refused: `open`
/// with `O_NOFOLLOW` fails on it, so there is no window between a check and the open.
final class OutputFile: @unchecked Sendable {
    /// Bytes per chunk read and written.
    static let chunkBytes = 64 << 10

    private let descriptor: Int32
    /// The size when it was opened (run outputs do not change once written).
    let size: Int

    private init(descriptor: Int32, size: Int) {
        self.descriptor = descriptor
        self.size = size
    }

    deinit { close(descriptor) }

    /// Opens `name` in `folder`; nil when either is a symbolic link, missing, or not a regular
    /// file (a folder). Blocking: call it on the executor.
    static func open(folder: String, name: String) -> OutputFile? {
        guard !name.isEmpty, !name.contains("/"), name != ".", name != ".." else { return nil }
        let directory = openPath(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else { return nil }
        defer { close(directory) }
        let descriptor = openat(directory, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        return OutputFile(descriptor: descriptor, size: Int(info.st_size))
    }

    /// The names of the regular files in `folder` (not links, folders or hidden files), sorted;
    /// empty when the folder is missing or is itself a link. Blocking: call it on the executor.
    static func names(in folder: String) -> [String] {
        var info = stat()
        guard lstat(folder, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR, let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix("."), lstat(folder + "/" + name, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            names.append(name)
        }
        return names.sorted()
    }

    /// Up to `count` bytes from `offset` (fewer at the end of the file). Blocking.
    func read(at offset: Int, count: Int) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(count)
        let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            max(0, pread(descriptor, raw.baseAddress, count, off_t(offset)))
        }
        guard read > 0 || count == 0 else { throw APIError(.internalServerError, "internal", "the file ended before its size") }
        return buffer
    }

    /// The response body: chunks read on `store`'s executor and written as they come.
    func body(on store: ServiceStore) -> ResponseBody {
        ResponseBody(contentLength: size) { [self] writer in
            var offset = 0
            while offset < size {
                let (from, wanted) = (offset, min(Self.chunkBytes, size - offset))
                let chunk = try await store.offload { try self.read(at: from, count: wanted) }
                offset += chunk.readableBytes
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        }
    }
}

/// `open(2)`, named apart from ``OutputFile/open(folder:name:)``.
private func openPath(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}
