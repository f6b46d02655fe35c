import Foundation

/// A fresh directory under the system temporary folder, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "assay-test") {
        url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes text to a file inside the directory and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let path = path(name)
        FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
