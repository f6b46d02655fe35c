import Foundation

/// The outcome of a finished child process.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs real executables (the `assay` binary, `sqlite3`, `openssl`) for tests.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and waits for it; output is captured through files so
    /// a chatty child can never block on a full pipe.
    @discardableResult
    public static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, currentDirectory: String? = nil
    ) throws -> ProcessResult {
        let folder = TemporaryDirectory("assay-proc")
        let outPath = folder.path("stdout")
        let errPath = folder.path("stderr")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        if let input {
            let inPath = folder.write("stdin", input)
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// Runs the built `assay` binary.
    @discardableResult
    public static func assay(_ arguments: [String]) throws -> ProcessResult {
        try run(Repository.assay, arguments)
    }

    /// Runs `sqlite3 DB SQL` (the real command-line shell).
    @discardableResult
    public static func sqlite3(_ database: String, _ sql: String) throws -> ProcessResult {
        try run("/usr/bin/sqlite3", [database, sql])
    }
}
