import AssayModel
import AssayPluginAPI

/// Builds a columnar `SnapshotView` from contract-v1 JSON Lines (as `assay simulate` writes them), the way the
/// host's snapshot would look: items from their first sighting, annotators first seen at their first rating.
struct Columns {
    private var annotatorRows: [String: Int32] = [:]
    private var annotatorIDs: [String] = []
    private var firstSeen: [Int64] = []
    private var itemRows: [String: Int32] = [:]
    private var itemIDs: [String] = []
    private var prompts: [String] = []
    private var offsets: [Int32] = [0]
    private var responseIDs: [String] = []
    private var responseTexts: [String] = []
    private var positions: [[String: Int32]] = []
    private var attributeRows: [String: Int32] = [:]
    private var attributeNames: [String] = []

    private var ids: [String] = []
    private var annotator: [Int32] = []
    private var item: [Int32] = []
    private var kind: [UInt8] = []
    private var submitted: [Int64] = []
    private var duration: [Int64] = []
    private var shown: [[Int32]] = []
    private var choice: [Int8] = []
    private var ranking: [[Int32]] = []
    private var scores: [[ScoreEntry]] = []
    private var scaleMin: [Double] = []
    private var scaleMax: [Double] = []
    private var attribute: [Int32] = []
    private var goldChoice: [Int8] = []
    private var goldRanking: [[Int32]] = []
    private var goldScores: [[ScoreEntry]] = []

    init() {}

    /// Parses every line of a JSON Lines text.
    init(jsonLines text: String) throws {
        for line in text.split(separator: "\n") where !line.isEmpty { try add(JSONParser.parse(String(line))) }
    }

    mutating func add(_ json: JSONValue) throws {
        let itemID = json["item_id"]!.stringValue!
        if itemRows[itemID] == nil {
            itemRows[itemID] = Int32(itemIDs.count)
            itemIDs.append(itemID)
            prompts.append(json["prompt"]?.stringValue ?? "")
            var map: [String: Int32] = [:]
            if case .array(let responses)? = json["responses"] {
                for response in responses {
                    map[response["id"]!.stringValue!] = Int32(map.count)
                    responseIDs.append(response["id"]!.stringValue!)
                    responseTexts.append(response["text"]!.stringValue!)
                }
            }
            positions.append(map)
            offsets.append(Int32(responseIDs.count))
        }
        let itemRow = itemRows[itemID]!
        let map = positions[Int(itemRow)]
        let time = Timestamp(rfc3339: json["submitted_at"]!.stringValue!)!.millisecondsSinceEpoch
        let annotatorID = json["annotator_id"]!.stringValue!
        if annotatorRows[annotatorID] == nil {
            annotatorRows[annotatorID] = Int32(annotatorIDs.count)
            annotatorIDs.append(annotatorID)
            firstSeen.append(time)
        }
        let annotatorRow = annotatorRows[annotatorID]!
        firstSeen[Int(annotatorRow)] = min(firstSeen[Int(annotatorRow)], time)
        ids.append(json["rating_id"]!.stringValue!)
        annotator.append(annotatorRow)
        item.append(itemRow)
        submitted.append(time)
        duration.append(Int64(json["duration_ms"]?.numberValue ?? -1))
        if case .array(let order)? = json["shown_order"] { shown.append(order.map { map[$0.stringValue!]! }) } else { shown.append([]) }
        var c: Int8 = -1, g: Int8 = -1
        var rank: [Int32] = [], goldRank: [Int32] = []
        var entries: [ScoreEntry] = [], goldEntries: [ScoreEntry] = []
        var low = Double.nan, high = Double.nan
        var attributeRow: Int32 = -1
        switch json["kind"]!.stringValue! {
        case "pairwise":
            kind.append(RatingKind.pairwise.rawValue)
            let value = json["choice"]!.stringValue!
            c = value == "tie" ? PairwiseChoice.tie : Int8(map[value]!)
            if let gold = json["gold"]?.stringValue { g = gold == "tie" ? PairwiseChoice.tie : Int8(map[gold]!) }
        case "ranking":
            kind.append(RatingKind.ranking.rawValue)
            if case .array(let list)? = json["ranking"] { rank = list.map { map[$0.stringValue!]! } }
            if case .array(let list)? = json["gold"] { goldRank = list.map { map[$0.stringValue!]! } }
        default:
            kind.append(RatingKind.score.rawValue)
            if case .object(let members)? = json["scores"] { entries = members.map { ScoreEntry(response: map[$0.key]!, value: $0.value.numberValue!) } }
            if case .object(let members)? = json["gold"] { goldEntries = members.map { ScoreEntry(response: map[$0.key]!, value: $0.value.numberValue!) } }
            if case .array(let scale)? = json["scale"] { low = scale[0].numberValue!; high = scale[1].numberValue! }
            let name = json["attribute"]?.stringValue ?? "overall"
            if attributeRows[name] == nil {
                attributeRows[name] = Int32(attributeNames.count)
                attributeNames.append(name)
            }
            attributeRow = attributeRows[name]!
        }
        choice.append(c)
        goldChoice.append(g)
        ranking.append(rank)
        goldRanking.append(goldRank)
        scores.append(entries)
        goldScores.append(goldEntries)
        scaleMin.append(low)
        scaleMax.append(high)
        attribute.append(attributeRow)
    }

    func build() -> SnapshotView {
        let n = ids.count
        return SnapshotView(
            annotators: AnnotatorTable(ids: StringColumn(annotatorIDs), firstSeenMs: firstSeen),
            items: ItemTable(
                ids: StringColumn(itemIDs), prompts: StringColumn(prompts), responseOffsets: offsets, responseIDs: StringColumn(responseIDs),
                responseTexts: StringColumn(responseTexts)),
            ratings: RatingTable(
                ids: StringColumn(ids), annotator: annotator, item: item, kind: kind, submittedAtMs: submitted, durationMs: duration,
                batch: [Int32](repeating: -1, count: n), batchNames: StringColumn(), shownOrder: Ragged(rows: shown), choice: choice,
                strength: [Float](repeating: .nan, count: n), ranking: Ragged(rows: ranking), scores: Ragged(rows: scores), scaleMin: scaleMin,
                scaleMax: scaleMax, attribute: attribute, attributeNames: StringColumn(attributeNames), goldChoice: goldChoice,
                goldRanking: Ragged(rows: goldRanking), goldScores: Ragged(rows: goldScores)))
    }
}
