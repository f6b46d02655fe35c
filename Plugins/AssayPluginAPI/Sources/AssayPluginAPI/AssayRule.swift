/// A detection rule: looks at a snapshot of ratings (and the consensus computed from it) and reports findings.
///
/// A rule is a value with no shared mutable state: the host may call ``evaluate(_:)`` from any thread,
/// in its own process (built-in rules) or in the `assay-rule-runner` child process (third-party rules).
/// Everything a rule needs arrives in ``RuleInput``; everything it says leaves as ``Finding``s.
public protocol AssayRule: Sendable {
    /// Stable identifier used in the config file and the report, e.g. `"speed"`. Lowercase, `[a-z0-9_-]`.
    var id: String { get }
    /// The rule's own version (semantic versioning), recorded with its findings.
    var version: String { get }
    /// One sentence saying what the rule detects.
    var summary: String { get }
    /// The parameters the rule accepts, with types and defaults; the host validates the config against it.
    var parameters: [ParameterSpec] { get }
    /// Runs the rule. Throw ``RuleError`` (or any error) when the rule cannot give an answer.
    func evaluate(_ input: RuleInput) throws -> [Finding]
}

/// Everything a rule receives: the snapshot, the consensus results, and its validated parameters.
public struct RuleInput: Sendable {
    /// The read-only columnar view of the ratings, items and annotators.
    public let snapshot: SnapshotView
    /// Consensus results computed by the host from the same snapshot.
    public let consensus: ConsensusView
    /// The rule's parameters: defaults from its schema, overridden by the config file.
    public let parameters: RuleParameters

    /// Bundles the inputs of one evaluation.
    public init(snapshot: SnapshotView, consensus: ConsensusView, parameters: RuleParameters) {
        self.snapshot = snapshot
        self.consensus = consensus
        self.parameters = parameters
    }
}

/// An error a rule throws when it cannot evaluate.
public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, written for the operator.
    public let message: String

    /// Creates an error with a message written for the operator.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
