/// Why one rule produced no findings.
public enum RuleFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rule threw an error (its message).
    case threw(message: String)
    /// The rule-runner process died while running the rule (e.g. the rule called `fatalError`).
    case crashed(reason: String)
    /// The rule ran longer than its timeout; its runner was killed.
    case timedOut(seconds: Double)
    /// The runner sent something the host does not understand, or the pipe broke.
    case protocolError(reason: String)
    /// The runner announced a reply of `bytes` bytes, above the configured cap of `limit` bytes
    /// (`runner_reply_limit_bytes`); the runner was killed before anything was allocated for it.
    case replyTooLarge(bytes: UInt64, limit: UInt64)
    /// The rule returned findings that do not refer to the snapshot (row out of range, non-finite score…).
    case invalidFindings(reason: String)
    /// The rule's plugin could not be loaded for this isolation.
    case pluginUnavailable(PluginLoadError)

    /// A short machine-readable code, e.g. `timed_out`.
    public var code: String {
        switch self {
        case .threw: "threw"
        case .crashed: "crashed"
        case .timedOut: "timed_out"
        case .protocolError: "protocol_error"
        case .replyTooLarge: "reply_too_large"
        case .invalidFindings: "invalid_findings"
        case .pluginUnavailable: "plugin_unavailable"
        }
    }

    public var description: String {
        switch self {
        case .threw(let message): "the rule threw an error: \(message)"
        case .crashed(let reason): "the rule crashed its rule runner: \(reason)"
        case .timedOut(let seconds): "the rule did not finish within \(seconds) s and its rule runner was killed"
        case .protocolError(let reason): "rule runner protocol error: \(reason)"
        case .replyTooLarge(let bytes, let limit):
            "the rule runner announced a reply of \(bytes) bytes, above the \(limit)-byte cap (runner_reply_limit_bytes); the runner was stopped"
        case .invalidFindings(let reason): "the rule returned invalid findings: \(reason)"
        case .pluginUnavailable(let error): "\(error)"
        }
    }
}
