import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing key files: private keys are created with mode 0600 and never replaced by accident.
public enum KeyFile {
    /// Key files larger than this are not keys; refuse to read them whole.
    static let maximumSize = 64 * 1024

    /// Reads a key file as text.
    public static func readText(_ url: URL) throws -> String {
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumSize + 1) ?? Data()
        } catch {
            throw AssayCryptoError.fileUnreadable(path: url.path, reason: reason(error))
        }
        guard data.count <= maximumSize else {
            throw AssayCryptoError.notPEM(source: url.path)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw AssayCryptoError.notPEM(source: url.path) }
        return text
    }

    /// Writes `text` to a new file with the given permissions.
    ///
    /// Without `overwrite` the file is created exclusively (`O_EXCL`): an existing file is an error and is
    /// left untouched. With `overwrite` the text goes to a temporary file in the same folder first,
    /// which then replaces the target atomically, so the target never holds a partial key or wider permissions.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - url: where to write.
    ///   - permissions: the file mode, for example `0o600` for a private key.
    ///   - overwrite: whether an existing file may be replaced.
    public static func write(_ text: String, to url: URL, permissions: mode_t, overwrite: Bool) throws {
        let path = url.path
        if !overwrite {
            try create(path, text: text, permissions: permissions, reportedPath: path)
            return
        }
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        try create(temporary, text: text, permissions: permissions, reportedPath: path)
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw AssayCryptoError.fileWriteFailed(path: path, reason: reason)
        }
    }

    /// Whether something (a file, folder or dangling symbolic link) exists at `url`.
    public static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    private static func create(_ path: String, text: String, permissions: mode_t, reportedPath: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, permissions)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw AssayCryptoError.fileExists(path: reportedPath) }
            throw AssayCryptoError.fileWriteFailed(path: reportedPath, reason: String(cString: strerror(errno)))
        }
        var failure: String?
        // The umask may have narrowed the mode; set exactly what was asked.
        if fchmod(descriptor, permissions) != 0 { failure = String(cString: strerror(errno)) }
        var bytes = Array(text.utf8)
        var written = 0
        while failure == nil, written < bytes.count {
            let count = bytes.withUnsafeMutableBytes { systemWrite(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                failure = String(cString: strerror(errno))
            } else {
                written += count
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        if close(descriptor) != 0, failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(path)
            throw AssayCryptoError.fileWriteFailed(path: reportedPath, reason: failure)
        }
    }

    private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            return Glibc.write(descriptor, buffer, count)
        #else
            return Darwin.write(descriptor, buffer, count)
        #endif
    }

    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue))
        }
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError {
            return "no such file"
        }
        return nsError.localizedDescription
    }
}
