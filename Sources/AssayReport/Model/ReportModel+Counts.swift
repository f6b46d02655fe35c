extension ReportModel {
    /// The run's summary counts.
    public struct Counts: Sendable, Hashable {
        /// Ratings in the snapshot.
        public var ratingsInSnapshot: Int
        /// Ratings that went into the dataset.
        public var ratingsKept: Int
        /// Ratings left out (`exclusions.jsonl` rows).
        public var ratingsExcluded: Int
        /// Rows of `dataset.jsonl`.
        public var datasetRows: Int
        /// Rows of `scores.jsonl`.
        public var scoreRows: Int
        /// Items left out because their weighted consensus was too uncertain.
        public var itemsLeftOutUncertain: Int
        /// Annotators by status.
        public var annotators: AnnotatorCounts
        /// Dataset rows with a consensus margin of at least each bound, strictest first (cumulative).
        public var datasetRowsByMargin: [MarginCount]
        /// Ratings of the snapshot left out before the run because a later revision of the same rating supersedes them.
        public var ratingsSuperseded: Int

        /// Creates the counts.
        public init(
            ratingsInSnapshot: Int, ratingsKept: Int, ratingsExcluded: Int, datasetRows: Int, scoreRows: Int,
            itemsLeftOutUncertain: Int, annotators: AnnotatorCounts, datasetRowsByMargin: [MarginCount] = [], ratingsSuperseded: Int = 0
        ) {
            self.datasetRowsByMargin = datasetRowsByMargin
            self.ratingsSuperseded = ratingsSuperseded
            self.ratingsInSnapshot = ratingsInSnapshot
            self.ratingsKept = ratingsKept
            self.ratingsExcluded = ratingsExcluded
            self.datasetRows = datasetRows
            self.scoreRows = scoreRows
            self.itemsLeftOutUncertain = itemsLeftOutUncertain
            self.annotators = annotators
        }
    }

    /// Dataset rows whose consensus margin is at least `lower`.
    public struct MarginCount: Sendable, Hashable {
        /// The margin bound.
        public var lower: Double
        /// Rows at or above it.
        public var rows: Int

        /// Creates a count.
        public init(lower: Double, rows: Int) {
            self.lower = lower
            self.rows = rows
        }
    }

    /// How many annotators ended in each status.
    public struct AnnotatorCounts: Sendable, Hashable {
        /// Full weight.
        public var trusted: Int
        /// Kept with a reduced weight.
        public var downweighted: Int
        /// Kept out of this dataset until a reviewer decides.
        public var flagged: Int
        /// Every rating left out.
        public var excluded: Int

        /// Creates the counts by status.
        public init(trusted: Int, downweighted: Int, flagged: Int, excluded: Int) {
            self.trusted = trusted
            self.downweighted = downweighted
            self.flagged = flagged
            self.excluded = excluded
        }
    }
}
