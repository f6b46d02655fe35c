/// Scores a cleaning run against an independent reference answer per item (`assay evaluate --reference`,
/// Docs/evaluation.md): the cleaned dataset's correct and wrong pairs, precision and coverage, the same at several
/// margin thresholds, the same for majority vote and Dawid–Skene over the raw ratings, and the reference agreement of
/// the annotators of each status.
public struct ReferenceEvaluation: Sendable {
    /// The dataset's figures counting only rows with `margin ≥ minMargin`.
    public struct MarginCut: Sendable, Hashable {
        public var minMargin: Double
        public var figures: ReferenceFigures
    }

    /// The margin thresholds reported by default.
    public static let defaultThresholds: [Double] = [0, 0.1, 0.2, 0.3, 0.5]

    /// Items of the reference, and how many are strict (one response preferred) or ties.
    public var referenceItems = 0
    public var strictReferenceItems = 0
    public var tieReferenceItems = 0
    /// The cleaned dataset, all rows.
    public var dataset = ReferenceFigures()
    /// The cleaned dataset at each threshold.
    public var byMargin: [MarginCut] = []
    /// Smallest margin of any dataset row (NaN for an empty dataset).
    public var smallestMargin = Double.nan
    /// Majority vote and Dawid–Skene over the raw ratings (`nil` without them).
    public var majorityVote: ReferenceFigures?
    public var dawidSkene: ReferenceFigures?
    /// Annotators by status, then `all`.
    public var annotators: [StatusAgreement] = []
    /// Raw ratings read, pairwise votes among them and strict (non-tie) votes; 0 without ratings.
    public var ratings = 0
    public var pairwiseVotes = 0
    public var strictVotes = 0
    public var hasRatings = false

    /// Evaluates `rows` (the run's `dataset.jsonl`) and `status` (its `annotators.jsonl`) against `reference`;
    /// `votes`, the raw ratings the run cleaned, adds the baselines and the annotator agreement.
    /// - Throws: `EvaluationError.consensus` when Dawid–Skene cannot be fitted.
    public init(
        rows: [DatasetRow], status: [String: String], reference: ReferenceAnswers, votes: PairwiseVotes? = nil,
        thresholds: [Double] = defaultThresholds
    ) throws(EvaluationError) {
        referenceItems = reference.answers.count
        strictReferenceItems = reference.strictItems
        tieReferenceItems = reference.tieItems
        dataset = ReferenceFigures(rows: rows, reference: reference)
        byMargin = thresholds.map { cut in
            MarginCut(minMargin: cut, figures: ReferenceFigures(rows: rows.filter { $0.margin >= cut }, reference: reference))
        }
        smallestMargin = rows.map(\.margin).min() ?? .nan
        if let votes {
            hasRatings = true
            ratings = votes.ratings
            pairwiseVotes = votes.votes.count
            strictVotes = votes.strictVotes
            majorityVote = ReferenceFigures(rows: MajorityVoteBaseline.rows(votes), reference: reference)
            dawidSkene = ReferenceFigures(rows: try DawidSkeneBaseline.rows(votes), reference: reference)
        }
        annotators = StatusAgreement.groups(status: status, votes: votes, reference: reference)
    }

    /// Reads the run directory, the reference and (optionally) the raw ratings, and evaluates.
    public init(runDirectory: String, referencePath: String, ratingsPath: String? = nil, thresholds: [Double] = defaultThresholds)
        throws(EvaluationError)
    {
        let votes: PairwiseVotes?
        if let ratingsPath { votes = try PairwiseVotes(path: ratingsPath) } else { votes = nil }
        try self.init(
            rows: try DatasetRow.read(directory: runDirectory), status: try RunOutput.statuses(directory: runDirectory),
            reference: try ReferenceAnswers(path: referencePath), votes: votes, thresholds: thresholds)
    }

    /// Whether some dataset row has a margin below the largest threshold, so the cuts differ from the whole dataset.
    public var marginCutsMatter: Bool {
        guard let largest = byMargin.map(\.minMargin).max() else { return false }
        return smallestMargin < largest
    }
}
