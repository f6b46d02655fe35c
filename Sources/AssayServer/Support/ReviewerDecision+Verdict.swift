import AssayModel
import AssayStore

extension ReviewerDecision.Verdict {
    /// The model's verdict, which ``AnnotatorStatus/effective(rules:weight:verdict:downweightBelow:)`` takes (the
    /// store keeps its own enum with the same cases until it adopts the model's).
    var model: ReviewVerdict {
        switch self {
        case .confirm: .confirm
        case .clear: .clear
        }
    }
}
