/// Numeric ratings in columnar form: annotator `annotators[r]` gave item `items[r]` the score `scores[r]`.
public struct ScoreRatings: Sendable, Equatable {
    /// Annotator per row.
    public let annotators: [Int32]
    /// Item per row.
    public let items: [Int32]
    /// Score per row (finite).
    public let scores: [Double]
    /// Number of annotators.
    public let annotatorCount: Int
    /// Number of items.
    public let itemCount: Int

    /// Validates and wraps parallel columns.
    public init(annotators: [Int32], items: [Int32], scores: [Double], annotatorCount: Int, itemCount: Int) throws(ConsensusError) {
        try checkLength(items.count, annotators.count, name: "items")
        try checkLength(scores.count, annotators.count, name: "scores")
        try checkIndices(annotators, name: "annotators", count: annotatorCount)
        try checkIndices(items, name: "items", count: itemCount)
        for (r, s) in scores.enumerated() where !s.isFinite {
            throw .invalidParameter(name: "scores[\(r)]", reason: "must be finite, got \(s)")
        }
        self.annotators = annotators
        self.items = items
        self.scores = scores
        self.annotatorCount = annotatorCount
        self.itemCount = itemCount
    }

    /// Number of ratings.
    public var count: Int { scores.count }
}
