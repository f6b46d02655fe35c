import Foundation

/// Output helpers: results on stdout, diagnostics and progress on stderr.
enum Console {
    /// True when stderr is a terminal (progress is shown only then, unless asked).
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes a line to stderr.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }

    /// Rewrites the current stderr line (a progress line on a terminal).
    static func progress(_ message: String) {
        FileHandle.standardError.write(Data(("\r\u{1B}[2K" + message).utf8))
    }

    /// Ends a progress line.
    static func endProgress() {
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }

    /// The OS user running the command (the default submitter and actor).
    static var osUser: String {
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Peak resident set size of this process in bytes (VmHWM), or nil where unavailable.
    static var peakResidentBytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
            return digits.map { $0 * 1024 }
        }
        return nil
    }

    /// Formats a count with thousands separators.
    static func count(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, char) in digits.reversed().enumerated() {
            if index > 0, index % 3 == 0 { out.append(",") }
            out.append(char)
        }
        return String(out.reversed())
    }
}

/// Monotonic seconds, for rates and durations.
struct Stopwatch {
    private let start = DispatchTime.now().uptimeNanoseconds

    var seconds: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
