import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The outcome of a child process run under a deadline, with its resource use.
public struct MeasuredResult: Sendable {
    /// Exit status, or nil when the child was killed at the deadline (or by another signal).
    public let status: Int32?
    /// Whether the deadline passed and the child was killed.
    public let timedOut: Bool
    /// Wall-clock seconds until the child ended (or was killed).
    public let seconds: Double
    /// The child's peak resident set size in bytes (`wait4`'s `ru_maxrss`).
    public let peakResidentBytes: Int
    public let stdout: String
    public let stderr: String
}

extension ProcessRunner {
    /// Runs `executable` with a deadline: past `timeout` seconds the child gets SIGKILL. Reports its peak memory
    /// from `wait4`, which counts this child alone (not the test process or other tests' children).
    public static func measured(_ executable: String, _ arguments: [String], timeout: Double) throws -> MeasuredResult {
        let folder = TemporaryDirectory("assay-measured")
        let outPath = folder.path("stdout")
        let errPath = folder.path("stderr")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let start = Date()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw NSError(
                domain: "MeasuredProcess", code: Int(spawned), userInfo: [NSLocalizedDescriptionKey: "posix_spawn \(executable): \(spawned)"])
        }
        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { break }
            if reaped < 0, errno != EINTR { break }
            if Date().timeIntervalSince(start) > timeout {
                timedOut = true
                kill(pid, SIGKILL)
                while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
                break
            }
            usleep(10_000)
        }
        let seconds = Date().timeIntervalSince(start)
        // WIFEXITED / WEXITSTATUS by hand (macros are not imported).
        let exited = status & 0x7f == 0
        return MeasuredResult(
            status: exited && !timedOut ? (status >> 8) & 0xff : nil, timedOut: timedOut, seconds: seconds,
            peakResidentBytes: usage.ru_maxrss * 1024,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
