import Foundation

/// Where a store lives: a local file or a database server.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    /// A SQLite file.
    case file(path: String)
    /// A database server, as a URL with any password already removed (safe to print).
    case server(url: String)

    /// The path or the URL (never a password).
    public var description: String {
        switch self {
        case .file(let path): return path
        case .server(let url): return url
        }
    }

    /// The folder holding a file store (default place for a service's run outputs); `nil` for a
    /// server, where the caller chooses a folder.
    public var folder: URL? {
        switch self {
        case .file(let path): return URL(fileURLWithPath: path).deletingLastPathComponent()
        case .server: return nil
        }
    }
}
