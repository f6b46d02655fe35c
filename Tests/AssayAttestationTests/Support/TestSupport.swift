import Foundation

/// What a finished command printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: Data
    var stderr: String

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
}

/// Runs the real `openssl` command line (found on `PATH`), the stock tool verifiers use.
enum OpenSSLTool {
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: stdout, stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs `openssl` and fails with its error output unless it exits 0.
    @discardableResult
    static func succeed(_ arguments: [String], in directory: URL? = nil) throws -> CommandResult {
        let result = try run(arguments, in: directory)
        guard result.status == 0 else {
            throw ToolFailure(description: "openssl \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }
}

struct ToolFailure: Error, CustomStringConvertible {
    var description: String
}

/// A fresh temporary folder, removed when `body` returns.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("assay-attestation-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url)
}

/// The repository's root, found from this file's real location (the test folder may be reached through a symlink).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
    .deletingLastPathComponent()  // Support
    .deletingLastPathComponent()  // AssayAttestationTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

extension Data {
    init(hex: String) {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        self.init(bytes)
    }
}

/// A small output folder like a cleaning run's: top-level files, a subfolder, an empty file, binary bytes.
func makeOutputDirectory(in dir: URL) throws -> URL {
    let out = dir.appendingPathComponent("out", isDirectory: true)
    let fm = FileManager.default
    try fm.createDirectory(at: out.appendingPathComponent("plugins"), withIntermediateDirectories: true)
    try Data("{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}\n".utf8).write(to: out.appendingPathComponent("dataset.jsonl"))
    try Data("{\"annotator_id\":\"u1\"}\n".utf8).write(to: out.appendingPathComponent("annotators.jsonl"))
    try Data().write(to: out.appendingPathComponent("exclusions.jsonl"))
    try Data("# Report\n".utf8).write(to: out.appendingPathComponent("report.md"))
    try Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: out.appendingPathComponent("plugins/blob.bin"))
    return out
}

/// The names `makeOutputDirectory` creates, sorted as subjects are.
let outputFileNames = ["annotators.jsonl", "dataset.jsonl", "exclusions.jsonl", "plugins/blob.bin", "report.md"]
