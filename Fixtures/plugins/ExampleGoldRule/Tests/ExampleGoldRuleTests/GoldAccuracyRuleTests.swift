import AssayPluginAPI
import ExampleGoldRule
import Testing

/// Three annotators answer the same 10 gold items: two get them right, one gets 3 of 10.
@Test func flagsTheAnnotatorWhoMissesGoldItems() throws {
    let answers: [[Int8]] = [
        [0, 1, 0, 1, 0, 1, 0, 1, 0, 1],
        [0, 1, 0, 1, 0, 1, 0, 1, 0, 0],
        [1, 0, 1, 0, 0, 1, 1, 0, 1, 0],
    ]
    let gold: [Int8] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1]
    var annotator: [Int32] = []
    var item: [Int32] = []
    var choice: [Int8] = []
    var goldChoice: [Int8] = []
    for (a, row) in answers.enumerated() {
        for (i, answer) in row.enumerated() {
            annotator.append(Int32(a))
            item.append(Int32(i))
            choice.append(answer)
            goldChoice.append(gold[i])
        }
    }
    let n = choice.count
    let snapshot = SnapshotView(
        annotators: AnnotatorTable(ids: StringColumn(["a", "b", "c"]), firstSeenMs: [0, 0, 0]),
        items: ItemTable(
            ids: StringColumn((0..<10).map { "item-\($0)" }), prompts: StringColumn((0..<10).map { "prompt \($0)" }),
            responseOffsets: (0...10).map { Int32($0 * 2) },
            responseIDs: StringColumn((0..<20).map { $0 % 2 == 0 ? "x" : "y" }),
            responseTexts: StringColumn((0..<20).map { "text \($0)" })
        ),
        ratings: RatingTable(
            ids: StringColumn((0..<n).map { "r\($0)" }), annotator: annotator, item: item, kind: .init(repeating: 0, count: n),
            submittedAtMs: .init(repeating: 0, count: n), durationMs: .init(repeating: -1, count: n), batch: .init(repeating: -1, count: n),
            batchNames: StringColumn(), shownOrder: Ragged(emptyRows: n), choice: choice, strength: .init(repeating: .nan, count: n),
            ranking: Ragged(emptyRows: n), scores: Ragged(emptyRows: n), scaleMin: .init(repeating: .nan, count: n),
            scaleMax: .init(repeating: .nan, count: n), attribute: .init(repeating: -1, count: n), attributeNames: StringColumn(),
            goldChoice: goldChoice, goldRanking: Ragged(emptyRows: n), goldScores: Ragged(emptyRows: n)
        )
    )
    #expect(snapshot.validate() == nil)
    let rule = GoldAccuracyRule()
    let findings = try rule.evaluate(
        RuleInput(snapshot: snapshot, consensus: ConsensusView(), parameters: RuleParameters(defaultsOf: rule.parameters)))
    #expect(findings.map(\.subject) == [.annotator(2)])
    #expect(findings.first?.action == .downweight)
}
