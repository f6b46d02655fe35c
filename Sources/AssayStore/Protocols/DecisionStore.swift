/// Reviewers' decisions about annotators (append-only; the newest per annotator counts).
public protocol DecisionStore: Sendable {
    /// Records a reviewer decision; audited as `review.decided`.
    @discardableResult
    func recordDecision(_ decision: ReviewerDecision) throws -> AuditEntry

    /// The newest decision for every annotator that has one.
    func latestDecisions() throws -> [String: ReviewerDecision]
}
