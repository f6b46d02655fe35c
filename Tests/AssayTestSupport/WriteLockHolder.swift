import Foundation

/// Holds SQLite's write lock on a store from another process: the real `sqlite3` shell inside
/// `BEGIN IMMEDIATE`, until ``release()`` (which rolls back: nothing is written).
public final class WriteLockHolder: @unchecked Sendable {
    /// The shell did not take the lock in time.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    private let process = Process()
    private let input = Pipe()

    /// Starts the shell and returns once another connection finds the store locked.
    public init(database: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(".timeout 5000\nBEGIN IMMEDIATE;\n".utf8))
        // Locked once another connection's immediate transaction fails at once.
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let probe = try ProcessRunner.sqlite3(database, "BEGIN IMMEDIATE; ROLLBACK;")
            if probe.status != 0, probe.stderr.contains("locked") { return }
            usleep(20_000)
        }
        release()
        throw Failure(description: "sqlite3 did not take the write lock on \(database)")
    }

    /// Ends the transaction and the shell.
    public func release() {
        guard process.isRunning else { return }
        input.fileHandleForWriting.write(Data("ROLLBACK;\n.quit\n".utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}
