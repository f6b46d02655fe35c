/// Finished cleaning runs and every annotator's outcome in them (their standings).
public protocol RunStore: Sendable {
    /// Records a finished run and every annotator's outcome in it, with an audit entry, atomically.
    func recordRun(_ run: RunRecord, annotators: [AnnotatorRunOutcome]) throws

    /// Runs, oldest first.
    func runs() throws -> [RunRecord]

    /// Each annotator's weights in the last `limit` runs (newest first) and the newest gold counts.
    func annotatorHistories(limit: Int) throws -> [String: AnnotatorHistory]

    /// Every annotator's standing in the newest run (only those with `status` unless nil), by id.
    func latestStandings(status: String?) throws -> [AnnotatorStanding]

    /// One annotator's standing in the newest run, or nil when the newest run did not see them.
    func standing(of annotatorID: String) throws -> AnnotatorStanding?
}

extension RunStore {
    /// Each annotator's weights in the last 10 runs.
    public func annotatorHistories() throws -> [String: AnnotatorHistory] {
        try annotatorHistories(limit: 10)
    }

    /// Every annotator's standing in the newest run.
    public func latestStandings() throws -> [AnnotatorStanding] {
        try latestStandings(status: nil)
    }
}
