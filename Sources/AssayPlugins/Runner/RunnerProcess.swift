import AssayPluginAPI
import Foundation
import Glibc

/// The host's side of one `assay-rule-runner` child process serving one plugin.
///
/// The child loads the plugin (after re-checking its digest) and answers requests over its stdin/stdout with
/// length-prefixed binary frames. Every exchange has a deadline: when it passes, the child is killed with
/// SIGKILL, which also unblocks the pipe I/O. A crash of the child shows up as end-of-file.
final class RunnerProcess: @unchecked Sendable {
    let plugin: PluginFile
    let hello: RunnerHello
    /// Identity of the snapshot the child currently holds (nil: none).
    var snapshotToken: Int?

    private let process: Process
    /// The largest reply frame accepted from the child (``PluginConfiguration/runnerReplyLimitBytes``).
    private let replyLimit: UInt64
    private let toChild: Int32
    private let fromChild: Int32
    private var closed = false

    /// Makes writes to a dead child fail with EPIPE instead of killing the host.
    static let ignoreSIGPIPE: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Starts a runner for `plugin` and waits (at most `timeout` seconds) for its hello.
    /// - Parameter replyLimit: the largest frame accepted from the child, in bytes; a reply announcing more fails
    ///   the exchange before anything is allocated for it (``RuleFailure/replyTooLarge(bytes:limit:)``).
    init(executable: URL, plugin: PluginFile, timeout: Double, replyLimit: Int = PluginConfiguration.defaultRunnerReplyLimitBytes)
        throws(PluginLoadError)
    {
        _ = Self.ignoreSIGPIPE
        self.plugin = plugin
        self.replyLimit = UInt64(max(replyLimit, 0))
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw .runnerFailed(
                path: plugin.path,
                reason: "no executable at \(executable.path) (build the assay-rule-runner product, or set ASSAY_RULE_RUNNER)"
            )
        }
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw .runnerFailed(path: plugin.path, reason: "pipe: errno \(errno)") }
        guard pipe(&output) == 0 else {
            close(input[0])
            close(input[1])
            throw .runnerFailed(path: plugin.path, reason: "pipe: errno \(errno)")
        }
        // Only the child's copies (dup2'ed onto 0 and 1) may survive exec: otherwise another runner could hold
        // this runner's pipe open and hide its death from us.
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        // Larger pipe buffers (F_SETPIPE_SZ = 1031; up to /proc/sys/fs/pipe-max-size, 1 MiB by default) mean
        // fewer context switches when the snapshot streams through. Failure is harmless.
        _ = fcntl(input[1], 1031, Int32(1 << 20))
        _ = fcntl(output[1], 1031, Int32(1 << 20))
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--plugin", plugin.path, "--sha256", plugin.digest.hex]
        process.standardInput = FileHandle(fileDescriptor: input[0], closeOnDealloc: false)
        process.standardOutput = FileHandle(fileDescriptor: output[1], closeOnDealloc: false)
        process.standardError = FileHandle.standardError
        do {
            try process.run()
        } catch {
            for fd in input + output { close(fd) }
            throw .runnerFailed(path: plugin.path, reason: "cannot start \(executable.path): \(error)")
        }
        close(input[0])
        close(output[1])
        self.process = process
        self.toChild = input[1]
        self.fromChild = output[0]

        let first: Frame
        switch Self.exchange(send: [], expect: 1, to: toChild, from: fromChild, limit: self.replyLimit, timeout: timeout, process: process) {
        case .success(let frames): first = frames[0]
        case .failure(let failure):
            Self.finish(process: process, toChild: toChild, fromChild: fromChild)
            throw .runnerFailed(path: plugin.path, reason: "while loading: \(failure)")
        }
        switch first.type {
        case .hello:
            do {
                hello = try RunnerHello(decoding: first.payload)
            } catch {
                Self.finish(process: process, toChild: toChild, fromChild: fromChild)
                throw .runnerFailed(path: plugin.path, reason: "unreadable hello: \(error)")
            }
        case .loadFailed:
            var reader = WireReader(first.payload)
            let error = (try? reader.readPluginLoadError()) ?? .runnerFailed(path: plugin.path, reason: "unreadable load error")
            Self.finish(process: process, toChild: toChild, fromChild: fromChild)
            throw error
        default:
            Self.finish(process: process, toChild: toChild, fromChild: fromChild)
            throw .runnerFailed(path: plugin.path, reason: "unexpected first frame \(first.type)")
        }
    }

    deinit {
        terminate()
    }

    /// Sends the snapshot (when the child does not hold it yet) and runs one rule.
    func evaluate(
        ruleID: String, parameters: RuleParameters, snapshotFrame: () -> OutgoingFrame, snapshotToken token: Int, timeout: Double
    ) -> Result<[Finding], RuleFailure> {
        guard !closed else { return .failure(.crashed(reason: "the rule runner was already stopped")) }
        var frames: [OutgoingFrame] = []
        if snapshotToken != token { frames.append(snapshotFrame()) }
        frames.append(.bytes(RunnerRequest.evaluate(ruleID: ruleID, parameters: parameters)))
        let replies: [Frame]
        switch Self.exchange(
            send: frames, expect: frames.count, to: toChild, from: fromChild, limit: replyLimit, timeout: timeout, process: process)
        {
        case .success(let frames): replies = frames
        case .failure(let failure):
            terminate()
            return .failure(failure)
        }
        if frames.count == 2 {
            guard replies[0].type == .ready else { return protocolFailure(replies[0]) }
            snapshotToken = token
        }
        let reply = replies[replies.count - 1]
        switch reply.type {
        case .findings:
            var reader = WireReader(reply.payload)
            do {
                return .success(try reader.readFindings())
            } catch {
                terminate()
                return .failure(.protocolError(reason: "unreadable findings: \(error)"))
            }
        case .ruleThrew:
            return .failure(.threw(message: RunnerRequest.decodeMessage(reply.payload)))
        default:
            return protocolFailure(reply)
        }
    }

    private func protocolFailure(_ frame: Frame) -> Result<[Finding], RuleFailure> {
        let message = frame.type == .badRequest ? RunnerRequest.decodeMessage(frame.payload) : "unexpected frame \(frame.type)"
        terminate()
        return .failure(.protocolError(reason: message))
    }

    /// Asks the child to exit, then makes sure it has.
    func terminate() {
        guard !closed else { return }
        closed = true
        try? FrameIO.write(Frame(type: .shutdown, payload: []), to: toChild)
        Self.finish(process: process, toChild: toChild, fromChild: fromChild)
    }

    /// Closes the pipes and reaps the child (SIGKILL if it does not exit within 2 s).
    private static func finish(process: Process, toChild: Int32, fromChild: Int32) {
        close(toChild)
        close(fromChild)
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Why the child is gone, e.g. "killed by signal 4 (SIGILL)".
    private static func exitDescription(_ process: Process) -> String {
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        if process.isRunning { return "the runner closed its output but is still running" }
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            let name = strsignal(status).map { String(cString: $0) } ?? "?"
            return "the runner was killed by signal \(status) (\(name))"
        }
        return "the runner exited with status \(status)"
    }

    private final class Outcome: @unchecked Sendable {
        let lock = NSLock()
        var value: Result<[Frame], RuleFailure>?
    }

    private static func performIO(
        send: [OutgoingFrame], expect: Int, to toChild: Int32, from fromChild: Int32, limit: UInt64
    ) -> Result<[Frame], RuleFailure> {
        do throws(FrameIOError) {
            for frame in send { try FrameIO.write(frame, to: toChild) }
            var replies: [Frame] = []
            for _ in 0..<expect { replies.append(try FrameIO.read(from: fromChild, limit: limit)) }
            return .success(replies)
        } catch {
            switch error {
            case .endOfFile: return .failure(.crashed(reason: "end of file"))
            case .system(let code): return .failure(.protocolError(reason: "pipe I/O failed: \(String(cString: strerror(code)))"))
            case .corrupt(let reason): return .failure(.protocolError(reason: reason))
            case .tooLarge(let length, let limit): return .failure(.replyTooLarge(bytes: length, limit: limit))
            }
        }
    }

    /// Writes `send`, reads `expect` frames, all within `timeout` seconds; on timeout kills the child.
    private static func exchange(
        send: [OutgoingFrame], expect: Int, to toChild: Int32, from fromChild: Int32, limit: UInt64, timeout: Double, process: Process
    ) -> Result<[Frame], RuleFailure> {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        let pid = process.processIdentifier
        let thread = Thread {
            let result = performIO(send: send, expect: expect, to: toChild, from: fromChild, limit: limit)
            outcome.lock.withLock { outcome.value = result }
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(pid, SIGKILL)
            done.wait()
            return .failure(.timedOut(seconds: timeout))
        }
        let result = outcome.lock.withLock { outcome.value! }
        if case .failure(.crashed) = result {
            return .failure(.crashed(reason: exitDescription(process)))
        }
        return result
    }
}
