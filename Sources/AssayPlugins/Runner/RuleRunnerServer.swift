import AssayCrypto
import AssayPluginAPI
import Foundation
import Glibc

/// The `assay-rule-runner` side of the runner protocol: load one plugin, then answer requests until EOF.
///
/// Usage: `assay-rule-runner --plugin PATH --sha256 HEX`. Frames go over stdin/stdout; anything the plugin
/// prints to stdout is redirected to stderr so it cannot corrupt the protocol.
public enum RuleRunnerServer {
    /// Runs the server; returns the process exit status.
    public static func main(arguments: [String]) -> Int32 {
        var path: String?
        var digest: String?
        var index = 0
        while index < arguments.count {
            switch arguments[index] {
            case "--plugin" where index + 1 < arguments.count:
                path = arguments[index + 1]
                index += 2
            case "--sha256" where index + 1 < arguments.count:
                digest = arguments[index + 1]
                index += 2
            default:
                printError("assay-rule-runner: unknown argument '\(arguments[index])'\nusage: assay-rule-runner --plugin PATH --sha256 HEX")
                return 64
            }
        }
        guard let path, let digest else {
            printError("usage: assay-rule-runner --plugin PATH --sha256 HEX (started by assay, speaks binary frames on stdin/stdout)")
            return 64
        }
        watchParent()
        // Keep the protocol on a private descriptor; the plugin's stdout goes to stderr.
        let output = dup(1)
        dup2(2, 1)
        let input: Int32 = 0

        let library: PluginLibrary
        do {
            // The very bytes hashed are the bytes loaded (a sealed in-memory copy): a swap on disk is not seen.
            guard let expected = SHA256Digest(hex: digest.lowercased()) else {
                throw PluginLoadError.runnerFailed(path: path, reason: "--sha256 '\(digest)' is not a SHA-256 digest")
            }
            library = try PluginLibrary.load(path: path, expecting: expected)
        } catch let error as PluginLoadError {
            var writer = WireWriter()
            writer.write(error)
            try? FrameIO.write(Frame(type: .loadFailed, payload: writer.bytes), to: output)
            return 0
        } catch {
            return 70
        }
        let hello = RunnerHello(abiVersion: library.abiVersion, toolchain: library.toolchain, rules: library.descriptors)
        do {
            try FrameIO.write(Frame(type: .hello, payload: hello.encoded()), to: output)
        } catch {
            return 0
        }
        let rules = Dictionary(library.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var state: (snapshot: SnapshotView, consensus: ConsensusView)?
        while true {
            let header: (type: FrameType, length: Int)
            do {
                header = try FrameIO.readHeader(from: input)
            } catch .endOfFile {
                return 0
            } catch {
                printError("assay-rule-runner: \(error)")
                return 65
            }
            if header.type == .snapshot {
                // Stream the snapshot's columns straight from the pipe into their arrays.
                var reader = WireReader(source: FileDescriptorSource(fd: input, payloadLength: header.length))
                let reply: Frame
                do throws(WireError) {
                    let snapshot = try reader.readSnapshot()
                    let consensus = try reader.readConsensus()
                    try reader.source.skipRest()
                    // Column lengths and offsets were checked while decoding; index ranges were checked by the
                    // host (`validate()` before any rule runs), so the runner does not repeat that pass.
                    state = (snapshot, consensus)
                    reply = Frame(type: .ready, payload: [])
                } catch {
                    switch error {
                    case .endOfFile, .io: return 0  // the host went away
                    default:
                        state = nil
                        do throws(WireError) { try reader.source.skipRest() } catch { return 0 }
                        reply = RunnerRequest.message(.badRequest, "unreadable snapshot: \(error)")
                    }
                }
                do {
                    try FrameIO.write(reply, to: output)
                } catch {
                    return 0
                }
                continue
            }
            let request: Frame
            do {
                request = Frame(type: header.type, payload: try FrameIO.readPayload(length: header.length, from: input))
            } catch {
                return 0
            }
            let reply: Frame
            switch request.type {
            case .shutdown:
                return 0
            case .evaluate:
                var reader = WireReader(request.payload)
                do {
                    let ruleID = try reader.readString()
                    let parameters = try reader.readParameters()
                    if let rule = rules[ruleID], let state {
                        do {
                            let findings = try rule.evaluate(RuleInput(snapshot: state.snapshot, consensus: state.consensus, parameters: parameters))
                            var writer = WireWriter()
                            writer.write(findings)
                            reply = Frame(type: .findings, payload: writer.bytes)
                        } catch {
                            reply = RunnerRequest.message(.ruleThrew, "\(error)")
                        }
                    } else {
                        reply = RunnerRequest.message(.badRequest, state == nil ? "no snapshot loaded" : "unknown rule '\(ruleID)'")
                    }
                } catch {
                    reply = RunnerRequest.message(.badRequest, "unreadable evaluate request: \(error)")
                }
            default:
                reply = RunnerRequest.message(.badRequest, "unexpected frame \(request.type)")
            }
            do {
                try FrameIO.write(reply, to: output)
            } catch {
                return 0
            }
        }
    }

    private static func printError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }

    /// Exits when the host process goes away, even while a rule is stuck in a loop (EOF on stdin is only
    /// noticed between requests).
    private static func watchParent() {
        let parent = getppid()
        let thread = Thread {
            while true {
                sleep(1)
                if getppid() != parent { _exit(0) }
            }
        }
        thread.start()
    }
}
