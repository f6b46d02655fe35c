import AssayCrypto
import Glibc

/// A private, sealed in-memory copy of a plugin file: the bytes that were hashed are the bytes `dlopen` maps.
///
/// The file is opened once and read once; each chunk goes into the SHA-256 and into an anonymous memory file
/// (`memfd_create`), which is then sealed against writes, growth and shrinking. `dlopen` loads
/// `/proc/self/fd/N` of that memory file, so renaming another file over the path, or rewriting the file in place,
/// after the hash changes nothing. The memory file is created executable (`MFD_EXEC`, Linux 6.3+; retried without it
/// on older kernels that refuse the flag), since a kernel with `vm.memfd_noexec = 1` otherwise seals it against
/// execution and `dlopen` would fail. Where `memfd_create` is unavailable or refuses an executable memory file
/// (`vm.memfd_noexec = 2`), the descriptor of the opened file itself is loaded (a rename after the hash is still not
/// seen; an in-place rewrite would be).
struct SealedPluginImage {
    /// The file it was read from.
    let path: String
    /// SHA-256 of the bytes read.
    let digest: SHA256Digest
    /// The descriptor `dlopen` loads from. Kept open for the life of the process once loaded: plugins are never
    /// unloaded, and a closed number reused by the next image would alias the loaded one's name. (The same bytes
    /// loaded again reuse the mapped image, and this copy is discarded: one descriptor per distinct plugin.)
    let descriptor: Int32

    /// The path handed to `dlopen`.
    var loadPath: String { "/proc/self/fd/\(descriptor)" }

    private typealias MemfdCreate = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
    private static let memfdCreate: MemfdCreate? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create").map {
        unsafeBitCast($0, to: MemfdCreate.self)
    }
    private static let allowSealingAndCloseOnExec: UInt32 = 0x0002 | 0x0001  // MFD_ALLOW_SEALING | MFD_CLOEXEC
    private static let executable: UInt32 = 0x0010  // MFD_EXEC (Linux 6.3+)

    /// An executable, sealable memory file; `nil` where the kernel has none or refuses one.
    private static func executableMemoryFile(_ name: String) -> Int32? {
        guard let create = memfdCreate else { return nil }
        var memory = create(name, allowSealingAndCloseOnExec | executable)
        // Kernels before 6.3 do not know MFD_EXEC (EINVAL); their memory files are executable anyway.
        if memory < 0, errno == EINVAL { memory = create(name, allowSealingAndCloseOnExec) }
        return memory >= 0 ? memory : nil
    }
    private static let addSeals: Int32 = 1033  // F_ADD_SEALS
    private static let allSeals: Int32 = 0x0001 | 0x0002 | 0x0004 | 0x0008  // F_SEAL_SEAL | SHRINK | GROW | WRITE

    /// Reads `path` once into a sealed memory file, hashing it on the way.
    static func seal(path: String) throws(PluginLoadError) -> SealedPluginImage {
        let source = open(path, O_RDONLY | O_CLOEXEC)
        guard source >= 0 else { throw .unreadable(path: path, reason: "cannot open the file: \(String(cString: strerror(errno)))") }
        var status = stat()
        guard fstat(source, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(source)
            throw .unreadable(path: path, reason: "not a regular file")
        }
        let name = "assay-plugin"
        guard let memory = executableMemoryFile(name) else {
            // No executable memory files: hash and load the one opened descriptor.
            do {
                let digest = try hash(source, copyingTo: nil, path: path)
                return SealedPluginImage(path: path, digest: digest, descriptor: source)
            } catch {
                close(source)
                throw error
            }
        }
        defer { close(source) }
        let digest: SHA256Digest
        do {
            digest = try hash(source, copyingTo: memory, path: path)
        } catch {
            close(memory)
            throw error
        }
        guard fcntl(memory, addSeals, allSeals) == 0 else {
            let reason = String(cString: strerror(errno))
            close(memory)
            throw .unreadable(path: path, reason: "cannot seal the in-memory copy: \(reason)")
        }
        return SealedPluginImage(path: path, digest: digest, descriptor: memory)
    }

    /// Hashes `fd` from its start in 1 MiB chunks, writing each chunk to `copy` when given.
    private static func hash(_ fd: Int32, copyingTo copy: Int32?, path: String) throws(PluginLoadError) -> SHA256Digest {
        var hasher = SHA256Hasher()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            if let copy {
                var written = 0
                while written < count {
                    let result = chunk.withUnsafeBytes { write(copy, $0.baseAddress! + written, count - written) }
                    if result < 0 {
                        if errno == EINTR { continue }
                        throw .unreadable(path: path, reason: "cannot copy into memory: \(String(cString: strerror(errno)))")
                    }
                    written += result
                }
            }
            offset += off_t(count)
        }
        return hasher.finalize()
    }

    /// Gives the descriptor back (only when nothing was loaded from it).
    func discard() {
        close(descriptor)
    }
}
