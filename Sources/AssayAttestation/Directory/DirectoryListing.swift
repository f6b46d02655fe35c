import AssayCrypto
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The regular files under a directory, as the subjects of an attestation see them.
///
/// Names are relative, `/`-separated and sorted by their UTF-8 bytes. Folders are walked recursively;
/// symbolic links, devices, sockets and FIFOs are refused rather than followed, so what is hashed is
/// exactly what is in the directory.
public enum DirectoryListing {
    /// The relative names of every regular file under `directory`, except those in `excluding`.
    /// - Parameters:
    ///   - directory: the folder to list.
    ///   - excluding: relative names to leave out (the envelope itself).
    public static func files(in directory: URL, excluding: Set<String> = []) throws -> [String] {
        var names: [String] = []
        try walk(directory.path, relative: "", into: &names)
        return names.filter { !excluding.contains($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The subjects for every listed file: its name and streamed SHA-256.
    public static func subjects(in directory: URL, excluding: Set<String> = []) throws -> [Statement.Subject] {
        try files(in: directory, excluding: excluding).map { name in
            Statement.Subject(name: name, sha256: try digest(of: name, in: directory).hex)
        }
    }

    /// The SHA-256 of one listed file.
    static func digest(of name: String, in directory: URL) throws -> SHA256Digest {
        do {
            return try SHA256Digest.hash(contentsOf: directory.appendingPathComponent(name))
        } catch let error as FileHashError {
            throw AttestationError.unreadable(name: name, reason: error.reason)
        }
    }

    private static func walk(_ path: String, relative: String, into names: inout [String]) throws {
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw AttestationError.unreadable(name: relative.isEmpty ? path : relative, reason: "cannot list the folder")
        }
        for entry in entries {
            let full = path + "/" + entry
            let name = relative.isEmpty ? entry : relative + "/" + entry
            var info = stat()
            guard lstat(full, &info) == 0 else {
                throw AttestationError.unreadable(name: name, reason: String(cString: strerror(errno)))
            }
            switch info.st_mode & S_IFMT {
            case S_IFREG: names.append(name)
            case S_IFDIR: try walk(full, relative: name, into: &names)
            case S_IFLNK: throw AttestationError.unsupportedFileType(name: name, kind: "symbolic link")
            case S_IFIFO: throw AttestationError.unsupportedFileType(name: name, kind: "FIFO")
            case S_IFSOCK: throw AttestationError.unsupportedFileType(name: name, kind: "socket")
            default: throw AttestationError.unsupportedFileType(name: name, kind: "device or special file")
            }
        }
    }
}
