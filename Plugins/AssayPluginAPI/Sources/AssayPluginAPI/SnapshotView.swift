/// A read-only, columnar view of one snapshot of ratings: what every rule evaluates.
///
/// Rows are referred to by index: annotator `a` is `annotators.ids[a]`, item `i` is `items.ids[i]`, rating
/// `r` is `ratings.ids[r]`. Columns are flat arrays of plain values so that the view crosses the
/// `assay-rule-runner` pipe as a few large binary copies.
public struct SnapshotView: Sendable {
    /// The annotators, one row each.
    public let annotators: AnnotatorTable
    /// The items (prompt + candidate responses), one row each.
    public let items: ItemTable
    /// The ratings, one row each.
    public let ratings: RatingTable
    /// For each annotator, the rows of their ratings (snapshot row order).
    public let ratingsByAnnotator: Ragged<Int32>
    /// For each item, the rows of its ratings (snapshot row order).
    public let ratingsByItem: Ragged<Int32>

    /// Assembles a view and precomputes the per-annotator and per-item indexes.
    ///
    /// Precondition (checked by ``validate()``, not here): every `ratings.annotator` / `ratings.item` value is
    /// a valid row of `annotators` / `items`.
    public init(annotators: AnnotatorTable, items: ItemTable, ratings: RatingTable) {
        self.annotators = annotators
        self.items = items
        self.ratings = ratings
        ratingsByAnnotator = Self.group(ratings.annotator, groups: annotators.count)
        ratingsByItem = Self.group(ratings.item, groups: items.count)
    }

    /// An empty snapshot.
    public static var empty: SnapshotView {
        SnapshotView(annotators: AnnotatorTable(), items: ItemTable(), ratings: RatingTable())
    }

    /// Counting sort of row numbers by key; keys outside `0 ..< groups` are left out.
    private static func group(_ keys: [Int32], groups: Int) -> Ragged<Int32> {
        var counts = [Int32](repeating: 0, count: groups + 1)
        var rows: [Int32] = []
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeMutableBufferPointer { counts in
                for key in keys where key >= 0 && Int(key) < groups { counts[Int(key) + 1] += 1 }
                for index in 0..<groups { counts[index + 1] += counts[index] }
            }
            var cursor = counts
            rows = [Int32](repeating: 0, count: Int(counts[groups]))
            rows.withUnsafeMutableBufferPointer { rows in
                cursor.withUnsafeMutableBufferPointer { cursor in
                    for row in 0..<keys.count {
                        let key = keys[row]
                        guard key >= 0 && Int(key) < groups else { continue }
                        rows[Int(cursor[Int(key)])] = Int32(row)
                        cursor[Int(key)] += 1
                    }
                }
            }
        }
        return Ragged(values: rows, offsets: counts)!
    }
}

/// The annotators of a snapshot.
public struct AnnotatorTable: Sendable, Hashable {
    /// Annotator ids as sent by the platform.
    public let ids: StringColumn
    /// When the annotator was first seen, Unix epoch milliseconds.
    public let firstSeenMs: [Int64]

    /// Number of annotators.
    public var count: Int { firstSeenMs.count }

    /// An empty table.
    public init() {
        self.init(ids: StringColumn(), firstSeenMs: [])
    }

    /// Wraps columns of equal length.
    public init(ids: StringColumn, firstSeenMs: [Int64]) {
        self.ids = ids
        self.firstSeenMs = firstSeenMs
    }
}

/// The items (one prompt with its candidate responses) of a snapshot.
public struct ItemTable: Sendable, Hashable {
    /// Item ids.
    public let ids: StringColumn
    /// Prompt texts.
    public let prompts: StringColumn
    /// Item `i`'s responses are the global response rows `responseOffsets[i] ..< responseOffsets[i + 1]`,
    /// in the item's canonical order.
    public let responseOffsets: [Int32]
    /// Response ids, one per global response row.
    public let responseIDs: StringColumn
    /// Response texts, one per global response row.
    public let responseTexts: StringColumn

    /// Number of items.
    public var count: Int { responseOffsets.count - 1 }

    /// An empty table.
    public init() {
        self.init(ids: StringColumn(), prompts: StringColumn(), responseOffsets: [0], responseIDs: StringColumn(), responseTexts: StringColumn())
    }

    /// Wraps columns.
    public init(ids: StringColumn, prompts: StringColumn, responseOffsets: [Int32], responseIDs: StringColumn, responseTexts: StringColumn) {
        self.ids = ids
        self.prompts = prompts
        self.responseOffsets = responseOffsets
        self.responseIDs = responseIDs
        self.responseTexts = responseTexts
    }

    /// Global response rows of item `item`.
    public func responses(of item: Int) -> Range<Int> {
        Int(responseOffsets[item])..<Int(responseOffsets[item + 1])
    }

    /// Number of candidate responses of item `item`.
    public func responseCount(of item: Int) -> Int {
        Int(responseOffsets[item + 1] - responseOffsets[item])
    }
}

/// The kind of rating task.
public enum RatingKind: UInt8, Sendable, Hashable {
    case pairwise = 0
    case ranking = 1
    case score = 2
}

/// Encodings of a pairwise answer, in the item's canonical orientation.
public enum PairwiseChoice {
    /// Not a pairwise answer.
    public static let none: Int8 = -1
    /// The first canonical response is better.
    public static let first: Int8 = 0
    /// The second canonical response is better.
    public static let second: Int8 = 1
    /// A tie.
    public static let tie: Int8 = 2
}

/// One score given to one response: `response` is the response's position within its item (0-based).
@frozen
public struct ScoreEntry: Sendable, Hashable, BitwiseCopyable {
    /// Position of the response within the item's canonical order.
    public var response: Int32
    /// The score.
    public var value: Double

    /// A score for one response.
    public init(response: Int32, value: Double) {
        self.response = response
        self.value = value
    }
}

/// The ratings of a snapshot, one row each; all columns have ``count`` rows.
///
/// Response references are positions within the item's canonical order (0-based), never global rows.
public struct RatingTable: Sendable, Hashable {
    /// Rating ids as sent by the platform.
    public let ids: StringColumn
    /// Annotator row of each rating.
    public let annotator: [Int32]
    /// Item row of each rating.
    public let item: [Int32]
    /// ``RatingKind`` raw value of each rating.
    public let kind: [UInt8]
    /// Submission time, Unix epoch milliseconds.
    public let submittedAtMs: [Int64]
    /// Time spent on the task in milliseconds; −1 when not reported.
    public let durationMs: [Int64]
    /// Batch row (into ``batchNames``) of each rating; −1 when none.
    public let batch: [Int32]
    /// Batch names (from `meta.batch`).
    public let batchNames: StringColumn
    /// Response positions in the order the annotator saw them (left to right); empty = canonical order.
    public let shownOrder: Ragged<Int32>
    /// Pairwise answer in canonical orientation (``PairwiseChoice``); −1 for other kinds.
    public let choice: [Int8]
    /// Pairwise strength in [0, 1]; NaN when not given.
    public let strength: [Float]
    /// Ranking answer: response positions, best first; empty for other kinds.
    public let ranking: Ragged<Int32>
    /// Score answer: one entry per scored response; empty for other kinds.
    public let scores: Ragged<ScoreEntry>
    /// Score scale minimum; NaN for other kinds.
    public let scaleMin: [Double]
    /// Score scale maximum; NaN for other kinds.
    public let scaleMax: [Double]
    /// Scored attribute row (into ``attributeNames``); −1 for other kinds.
    public let attribute: [Int32]
    /// Attribute names (`"overall"`, `"helpfulness"`, …).
    public let attributeNames: StringColumn
    /// Gold pairwise answer (``PairwiseChoice``); −1 when none.
    public let goldChoice: [Int8]
    /// Gold ranking; empty when none.
    public let goldRanking: Ragged<Int32>
    /// Gold scores; empty when none.
    public let goldScores: Ragged<ScoreEntry>

    /// Number of ratings.
    public var count: Int { annotator.count }

    /// An empty table.
    public init() {
        self.init(
            ids: StringColumn(), annotator: [], item: [], kind: [], submittedAtMs: [], durationMs: [], batch: [],
            batchNames: StringColumn(), shownOrder: Ragged(emptyRows: 0), choice: [], strength: [],
            ranking: Ragged(emptyRows: 0), scores: Ragged(emptyRows: 0), scaleMin: [], scaleMax: [], attribute: [],
            attributeNames: StringColumn(), goldChoice: [], goldRanking: Ragged(emptyRows: 0), goldScores: Ragged(emptyRows: 0)
        )
    }

    /// Wraps columns; every per-rating column must have the same number of rows (checked by ``SnapshotView/validate()``).
    public init(
        ids: StringColumn, annotator: [Int32], item: [Int32], kind: [UInt8], submittedAtMs: [Int64], durationMs: [Int64],
        batch: [Int32], batchNames: StringColumn, shownOrder: Ragged<Int32>, choice: [Int8], strength: [Float],
        ranking: Ragged<Int32>, scores: Ragged<ScoreEntry>, scaleMin: [Double], scaleMax: [Double], attribute: [Int32],
        attributeNames: StringColumn, goldChoice: [Int8], goldRanking: Ragged<Int32>, goldScores: Ragged<ScoreEntry>
    ) {
        self.ids = ids
        self.annotator = annotator
        self.item = item
        self.kind = kind
        self.submittedAtMs = submittedAtMs
        self.durationMs = durationMs
        self.batch = batch
        self.batchNames = batchNames
        self.shownOrder = shownOrder
        self.choice = choice
        self.strength = strength
        self.ranking = ranking
        self.scores = scores
        self.scaleMin = scaleMin
        self.scaleMax = scaleMax
        self.attribute = attribute
        self.attributeNames = attributeNames
        self.goldChoice = goldChoice
        self.goldRanking = goldRanking
        self.goldScores = goldScores
    }
}
