import AssayCrypto
import Foundation

/// Where a plugin was found, which decides its default isolation.
public enum PluginOrigin: String, Sendable, Hashable, CustomStringConvertible {
    /// Shipped with Assay (found beside the executable): runs in process by default.
    case builtIn = "built-in"
    /// From `--plugins` or `plugin_dirs`: runs in `assay-rule-runner` by default.
    case external

    public var description: String { rawValue }
}

/// One plugin file on disk and the SHA-256 of its bytes at the time it was found.
public struct PluginFile: Sendable, Hashable {
    /// Absolute path, symlinks resolved.
    public let path: String
    /// SHA-256 of the file's contents.
    public let digest: SHA256Digest
    /// Where it was found.
    public let origin: PluginOrigin

    /// Wraps a path and its digest.
    public init(path: String, digest: SHA256Digest, origin: PluginOrigin) {
        self.path = path
        self.digest = digest
        self.origin = origin
    }

    /// Resolves `url` and hashes the file's bytes.
    public static func hash(_ url: URL, origin: PluginOrigin) throws(PluginLoadError) -> PluginFile {
        let path = url.resolvingSymlinksInPath().path
        return PluginFile(path: path, digest: try sha256(ofFileAt: path), origin: origin)
    }

    /// SHA-256 of a file's bytes, read in 1 MiB chunks.
    public static func sha256(ofFileAt path: String) throws(PluginLoadError) -> SHA256Digest {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "cannot open the file")
        }
        defer { try? handle.close() }
        var hasher = SHA256Hasher()
        do {
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { hasher.update($0) }
            }
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        return hasher.finalize()
    }
}
