import Foundation

/// A buffered writer for large generated files (standard output when the path is `-`).
final class OutputFile {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let isStandardOutput: Bool

    init(path: String) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
            isStandardOutput = true
        } else {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw ValidationFailure("cannot create \(path)")
            }
            self.handle = handle
            isStandardOutput = false
        }
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if !isStandardOutput { try? handle.close() }
    }
}

/// A plain error with a message for the user.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
