import AssayModel
import Foundation

/// How findings and weights turn into decisions: the `policy` section of the config file.
///
/// | key | default | meaning |
/// |---|---|---|
/// | `downweight_below` | 0.5 | an annotator whose weight is below this is `downweighted` |
/// | `downweight_factor` | 0.5 | a rule's `downweight` recommendation multiplies the weight by this |
/// | `min_margin` | 0 | a comparison whose consensus margin (P(chosen) − P(rejected)) is below this is left out as uncertain; with 0 every comparison whose consensus prefers one response is kept, its margin and weight telling how decisive it is |
/// | `min_margin_balanced` | 0.5 | a comparison whose kept strict votes are balanced (equal for both responses, or all ties) is kept only with at least this margin: the weighted, pooled consensus must then be decisive, not a coin flip |
/// | `exclude_requires_calibration` | true | a rule may exclude an annotator only with a calibrated strength (p-value or likelihood ratio); otherwise the annotator is flagged |
public struct CleaningPolicy: Sendable, Equatable {
    public var downweightBelow = 0.5
    public var downweightFactor = 0.5
    public var minMargin = 0.0
    public var minMarginBalanced = 0.5
    public var excludeRequiresCalibration = true

    public init() {}

    static let keys: Set<String> = [
        "downweight_below", "downweight_factor", "min_margin", "min_margin_balanced", "exclude_requires_calibration",
    ]

    /// The policy in a config file's `policy` object (absent → defaults).
    static func parse(_ value: JSONValue?, source: String) throws -> CleaningPolicy {
        var policy = CleaningPolicy()
        guard let value else { return policy }
        guard case .object(let members) = value else { throw CleaningError.config(source, "policy: must be an object") }
        for (key, member) in members {
            guard keys.contains(key) else {
                throw CleaningError.config(source, "policy.\(key): unknown key (known: \(keys.sorted().joined(separator: ", ")))")
            }
            if key == "exclude_requires_calibration" {
                guard case .bool(let flag) = member else { throw CleaningError.config(source, "policy.\(key): must be true or false") }
                policy.excludeRequiresCalibration = flag
                continue
            }
            guard case .number(let number) = member, (0...1).contains(number) else {
                throw CleaningError.config(source, "policy.\(key): must be a number in [0, 1]")
            }
            switch key {
            case "downweight_below": policy.downweightBelow = number
            case "downweight_factor": policy.downweightFactor = number
            case "min_margin_balanced": policy.minMarginBalanced = number
            default: policy.minMargin = number
            }
        }
        return policy
    }

    /// The policy as recorded in the attestation and the report.
    var json: JSONValue {
        .object([
            ("downweight_below", .number(downweightBelow)), ("downweight_factor", .number(downweightFactor)),
            ("min_margin", .number(minMargin)), ("min_margin_balanced", .number(minMarginBalanced)),
            ("exclude_requires_calibration", .bool(excludeRequiresCalibration)),
        ])
    }
}

/// Errors that stop a cleaning run, with messages a user can act on.
public enum CleaningError: Error, Sendable, CustomStringConvertible {
    case config(String, String)
    case emptySnapshot(String)
    case output(String)
    case noRules(searched: [String])

    public var description: String {
        switch self {
        case .config(let source, let message): return "\(source): \(message)"
        case .emptySnapshot(let name): return "snapshot \(name) holds no ratings: nothing to clean"
        case .output(let message): return message
        case .noRules(let searched):
            return "no rule plugins found (searched: \(searched.joined(separator: ", "))); build them with `swift build` "
                + "(all products), pass --plugins DIR, or --no-rules to clean without detection"
        }
    }
}
