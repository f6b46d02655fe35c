import AssayModel
import AssayPluginAPI

/// The plugin API's integer codes of a pairwise answer (first, second, tie, none), beside the model's `PairwiseChoice`.
private typealias ChoiceCode = AssayPluginAPI.PairwiseChoice

/// Why a rating could not be added to a ``SnapshotBuilder``.
public enum SnapshotBuilderError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownItem(rating: String, item: String)
    case unknownResponse(rating: String, response: String)
    case duplicateItem(String)

    public var description: String {
        switch self {
        case .unknownItem(let rating, let item): "rating \(rating): item '\(item)' was not added to the snapshot"
        case .unknownResponse(let rating, let response): "rating \(rating): item has no response '\(response)'"
        case .duplicateItem(let item): "item '\(item)' was added twice"
        }
    }
}

/// Assembles a columnar ``SnapshotView`` row by row from the model's contract-level values (`Answer`,
/// `GoldAnswer`: response ids, not positions): the bridge between the store's records and what rules see.
///
/// ```swift
/// var builder = SnapshotBuilder()
/// try builder.addItem(id: "cmp-7", prompt: "How do I reset my router?", responses: [("a", "Unplug it…"), ("b", "Buy a new one.")])
/// try builder.addRating(id: "r-1", annotator: "ann-42", item: "cmp-7", submittedAtMs: 1_763_632_800_000,
///                       durationMs: 5400, shownOrder: ["b", "a"], answer: .pairwise(choice: .response("a"), strength: nil))
/// let snapshot = builder.build()
/// ```
public struct SnapshotBuilder: Sendable {
    private var annotatorRows: [String: Int32] = [:]
    private var annotatorIDs: [String] = []
    private var firstSeen: [Int64] = []

    private var itemRows: [String: Int32] = [:]
    private var itemIDs: [String] = []
    private var prompts: [String] = []
    private var responseOffsets: [Int32] = [0]
    private var responseIDs: [String] = []
    private var responseTexts: [String] = []
    private var responsePositions: [[String: Int32]] = []

    private var batchRows: [String: Int32] = [:]
    private var batchNames: [String] = []
    private var attributeRows: [String: Int32] = [:]
    private var attributeNames: [String] = []

    private var ids: [String] = []
    private var annotator: [Int32] = []
    private var item: [Int32] = []
    private var kind: [UInt8] = []
    private var submitted: [Int64] = []
    private var duration: [Int64] = []
    private var batch: [Int32] = []
    private var shown: [[Int32]] = []
    private var choice: [Int8] = []
    private var strength: [Float] = []
    private var ranking: [[Int32]] = []
    private var scores: [[ScoreEntry]] = []
    private var scaleMin: [Double] = []
    private var scaleMax: [Double] = []
    private var attribute: [Int32] = []
    private var goldChoice: [Int8] = []
    private var goldRanking: [[Int32]] = []
    private var goldScores: [[ScoreEntry]] = []

    /// An empty builder.
    public init() {}

    /// Adds an item with its responses in canonical order.
    public mutating func addItem(id: String, prompt: String, responses: [(id: String, text: String)]) throws(SnapshotBuilderError) {
        guard itemRows[id] == nil else { throw .duplicateItem(id) }
        itemRows[id] = Int32(itemIDs.count)
        itemIDs.append(id)
        prompts.append(prompt)
        var positions: [String: Int32] = [:]
        for (index, response) in responses.enumerated() {
            positions[response.id] = Int32(index)
            responseIDs.append(response.id)
            responseTexts.append(response.text)
        }
        responsePositions.append(positions)
        responseOffsets.append(Int32(responseIDs.count))
    }

    /// The annotator's row, adding the annotator on first sight (`firstSeenMs` keeps the earliest value given).
    @discardableResult
    public mutating func annotatorRow(_ id: String, seenAtMs: Int64) -> Int32 {
        if let row = annotatorRows[id] {
            firstSeen[Int(row)] = min(firstSeen[Int(row)], seenAtMs)
            return row
        }
        let row = Int32(annotatorIDs.count)
        annotatorRows[id] = row
        annotatorIDs.append(id)
        firstSeen.append(seenAtMs)
        return row
    }

    /// Adds one rating; its item must have been added.
    public mutating func addRating(
        id: String, annotator annotatorID: String, item itemID: String, submittedAtMs: Int64, durationMs: Int64? = nil,
        batch batchName: String? = nil, shownOrder: [String]? = nil, answer: Answer, gold: GoldAnswer? = nil
    ) throws(SnapshotBuilderError) {
        guard let itemRow = itemRows[itemID] else { throw .unknownItem(rating: id, item: itemID) }
        let positions = responsePositions[Int(itemRow)]
        func position(_ response: String) throws(SnapshotBuilderError) -> Int32 {
            guard let position = positions[response] else { throw .unknownResponse(rating: id, response: response) }
            return position
        }
        func positionsOf(_ responses: [String]) throws(SnapshotBuilderError) -> [Int32] {
            var result: [Int32] = []
            for response in responses { result.append(try position(response)) }
            return result
        }
        func pairwiseCode(_ value: AssayModel.PairwiseChoice) throws(SnapshotBuilderError) -> Int8 {
            switch value {
            case .tie: ChoiceCode.tie
            case .response(let response): Int8(try position(response))
            }
        }
        func entries(_ values: [ResponseScore]) throws(SnapshotBuilderError) -> [ScoreEntry] {
            var result: [ScoreEntry] = []
            for score in values { result.append(ScoreEntry(response: try position(score.responseID), value: score.score)) }
            return result.sorted { $0.response < $1.response }
        }

        // Compute everything that can fail before appending anything.
        let shownPositions = try positionsOf(shownOrder ?? [])
        var row = (
            kind: AssayPluginAPI.RatingKind.pairwise, choice: ChoiceCode.none, strength: Float.nan, ranking: [Int32](), scores: [ScoreEntry](),
            scaleMin: Double.nan, scaleMax: Double.nan, attribute: Int32(-1)
        )
        switch answer {
        case .pairwise(let value, let strength):
            row.choice = try pairwiseCode(value)
            row.strength = strength.map(Float.init) ?? .nan
        case .ranking(let order):
            row.kind = .ranking
            row.ranking = try positionsOf(order)
        case .score(let values, let scale, let name):
            row.kind = .score
            row.scores = try entries(values)
            row.scaleMin = scale.min
            row.scaleMax = scale.max
            if let existing = attributeRows[name] {
                row.attribute = existing
            } else {
                row.attribute = Int32(attributeNames.count)
                attributeRows[name] = row.attribute
                attributeNames.append(name)
            }
        }
        var goldRow = (choice: ChoiceCode.none, ranking: [Int32](), scores: [ScoreEntry]())
        switch gold {
        case .pairwise(let value)?: goldRow.choice = try pairwiseCode(value)
        case .ranking(let order)?: goldRow.ranking = try positionsOf(order)
        case .score(let values)?: goldRow.scores = try entries(values)
        case nil: break
        }

        ids.append(id)
        annotator.append(annotatorRow(annotatorID, seenAtMs: submittedAtMs))
        item.append(itemRow)
        kind.append(row.kind.rawValue)
        submitted.append(submittedAtMs)
        duration.append(durationMs ?? -1)
        if let batchName {
            if let existing = batchRows[batchName] {
                batch.append(existing)
            } else {
                batchRows[batchName] = Int32(batchNames.count)
                batch.append(Int32(batchNames.count))
                batchNames.append(batchName)
            }
        } else {
            batch.append(-1)
        }
        shown.append(shownPositions)
        choice.append(row.choice)
        strength.append(row.strength)
        ranking.append(row.ranking)
        scores.append(row.scores)
        scaleMin.append(row.scaleMin)
        scaleMax.append(row.scaleMax)
        attribute.append(row.attribute)
        goldChoice.append(goldRow.choice)
        goldRanking.append(goldRow.ranking)
        goldScores.append(goldRow.scores)
    }

    /// Ratings added so far.
    public var ratingCount: Int { ids.count }

    /// The id, annotator id, item id and submission time of the rating added `row`-th (from 0).
    public func ratingKey(_ row: Int) -> (id: String, annotator: String, item: String, submittedAtMs: Int64) {
        (ids[row], annotatorIDs[Int(annotator[row])], itemIDs[Int(item[row])], submitted[row])
    }

    /// Removes the ratings added at `rows` (a later revision replaced them); the others keep their order. Annotators
    /// and items stay.
    public mutating func removeRatings(_ rows: Set<Int>) {
        guard !rows.isEmpty else { return }
        func filter<T>(_ column: inout [T]) {
            var kept: [T] = []
            kept.reserveCapacity(max(0, column.count - rows.count))
            for (row, value) in column.enumerated() where !rows.contains(row) { kept.append(value) }
            column = kept
        }
        filter(&ids)
        filter(&annotator)
        filter(&item)
        filter(&kind)
        filter(&submitted)
        filter(&duration)
        filter(&batch)
        filter(&shown)
        filter(&choice)
        filter(&strength)
        filter(&ranking)
        filter(&scores)
        filter(&scaleMin)
        filter(&scaleMax)
        filter(&attribute)
        filter(&goldChoice)
        filter(&goldRanking)
        filter(&goldScores)
    }

    /// The snapshot, with its indexes.
    public func build() -> SnapshotView {
        SnapshotView(
            annotators: AnnotatorTable(ids: StringColumn(annotatorIDs), firstSeenMs: firstSeen),
            items: ItemTable(
                ids: StringColumn(itemIDs), prompts: StringColumn(prompts), responseOffsets: responseOffsets,
                responseIDs: StringColumn(responseIDs), responseTexts: StringColumn(responseTexts)
            ),
            ratings: RatingTable(
                ids: StringColumn(ids), annotator: annotator, item: item, kind: kind, submittedAtMs: submitted, durationMs: duration,
                batch: batch, batchNames: StringColumn(batchNames), shownOrder: Ragged(rows: shown), choice: choice, strength: strength,
                ranking: Ragged(rows: ranking), scores: Ragged(rows: scores), scaleMin: scaleMin, scaleMax: scaleMax, attribute: attribute,
                attributeNames: StringColumn(attributeNames), goldChoice: goldChoice, goldRanking: Ragged(rows: goldRanking),
                goldScores: Ragged(rows: goldScores)
            )
        )
    }
}
