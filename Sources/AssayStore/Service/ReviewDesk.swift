import AssayModel

/// The review actions shared by `assay review` and the HTTP service: one implementation behind both.
public struct ReviewDesk: Sendable {
    public let store: any AssayStore

    public init(store: any AssayStore) {
        self.store = store
    }

    /// Annotators of the newest run with `status` (flagged by default), with their evidence.
    public func queue(status: String = "flagged") throws -> [AnnotatorStanding] {
        try store.latestStandings(status: status)
    }

    /// Records a reviewer's decision with the evidence the reviewer saw (the annotator's status
    /// and findings in the newest run); audited as `review.decided` with `actor`.
    /// - Throws: ``ReviewDeskError/emptyNote`` when the note is blank.
    @discardableResult
    public func decide(annotatorID: String, verdict: ReviewerDecision.Verdict, note: String, actor: String) throws -> AuditEntry {
        guard note.contains(where: { !$0.isWhitespace }) else { throw ReviewDeskError.emptyNote }
        let standing = try store.standing(of: annotatorID)
        let evidence: JSONValue = .object([
            ("run", standing.map { .string($0.runID) } ?? .null),
            ("status", standing.map { .string($0.outcome.status) } ?? .null),
            ("findings", standing.flatMap { try? JSONParser.parse($0.outcome.findings) } ?? .array([])),
        ])
        return try store.recordDecision(
            ReviewerDecision(
                annotatorID: annotatorID, verdict: verdict, note: note, actor: actor, decidedAt: .now,
                evidence: CanonicalJSON.encode(evidence)))
    }
}

/// Why a review action was refused.
public enum ReviewDeskError: Error, Sendable, Equatable, CustomStringConvertible {
    case emptyNote

    public var description: String {
        switch self {
        case .emptyNote: return "a decision needs a note saying why"
        }
    }
}
