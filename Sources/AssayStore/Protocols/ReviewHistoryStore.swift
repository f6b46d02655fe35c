import AssayModel

/// One annotator's history across runs, decisions and ratings (what the reviewers' console shows).
public protocol ReviewHistoryStore: Sendable {
    /// Every run's outcome for one annotator, oldest run first.
    func annotatorRuns(of annotatorID: String) throws -> [AnnotatorRunEntry]

    /// Every annotator's standing in the run `runID` (with the newest decisions), or nil when there is no such run.
    func standings(inRun runID: String) throws -> [AnnotatorStanding]?

    /// Every decision on one annotator, oldest first.
    func decisions(of annotatorID: String) throws -> [ReviewerDecision]

    /// One annotator's newest `limit` ratings (newest first), each checked against its digest.
    func ratings(ofAnnotator annotatorID: String, limit: Int) throws -> [StoredRating]
}
