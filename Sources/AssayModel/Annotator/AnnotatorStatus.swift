/// The status of an annotator after a cleaning run (contract `annotators.jsonl` `status`), from least to most
/// severe.
public enum AnnotatorStatus: String, Sendable, Comparable, CaseIterable {
    /// Full weight.
    case trusted
    /// Kept with a reduced weight.
    case downweighted
    /// Kept out of this dataset until a reviewer decides.
    case flagged
    /// Every rating left out: a rule found them adversarial or a reviewer said so.
    case excluded

    var severity: Int {
        switch self {
        case .trusted: return 0
        case .downweighted: return 1
        case .flagged: return 2
        case .excluded: return 3
        }
    }

    public static func < (lhs: AnnotatorStatus, rhs: AnnotatorStatus) -> Bool { lhs.severity < rhs.severity }
}

/// A trust-and-safety reviewer's verdict on an annotator (the `decision` of `assay review decide` and
/// `POST /v1/annotators/{id}/decision`).
public enum ReviewVerdict: String, Sendable, Hashable, CaseIterable {
    /// The annotator is adversarial: exclude every rating of theirs.
    case confirm
    /// The annotator is fine: not re-flagged on the same evidence.
    case clear
}

extension AnnotatorStatus {
    /// The default of the cleaning policy's `downweight_below`.
    public static let defaultDownweightBelow = 0.5

    /// The one rule deciding an annotator's status from the rules' outcome, their weight and a reviewer's verdict.
    ///
    /// Used by the cleaning run's decision policy, by the HTTP API's `effective_status` and (through the run's
    /// statuses) by the report, so the three cannot drift apart:
    /// - `confirm` → `excluded`;
    /// - `clear` → `trusted`, or `downweighted` when `weight` is below `downweightBelow` (a cleared annotator is
    ///   not re-flagged on the same evidence, but a weak one still loses weight);
    /// - no verdict → the rules' outcome, raised to `downweighted` when a `trusted` annotator's weight is below
    ///   `downweightBelow` (weak but honest annotators lose weight; they are never excluded for it).
    ///
    /// - Parameters:
    ///   - rules: what the rule findings alone decided.
    ///   - weight: the annotator's weight before a flagged or excluded annotator's is set to 0.
    ///   - verdict: the reviewer's verdict in force, if any.
    ///   - downweightBelow: the policy's `downweight_below`.
    public static func effective(
        rules: AnnotatorStatus, weight: Double, verdict: ReviewVerdict?, downweightBelow: Double = defaultDownweightBelow
    ) -> AnnotatorStatus {
        switch verdict {
        case .confirm: return .excluded
        case .clear: return weight < downweightBelow ? .downweighted : .trusted
        case nil: return rules == .trusted && weight < downweightBelow ? .downweighted : rules
        }
    }
}
