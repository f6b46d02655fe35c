import AssayModel
import AssayPluginAPI
import AssayPlugins
import Testing

@Suite struct SnapshotBuilderTests {
    @Test func contractValuesBecomeColumns() throws {
        var builder = SnapshotBuilder()
        try builder.addItem(id: "cmp-7", prompt: "How do I reset my router?", responses: [("a", "Unplug it."), ("b", "Buy a new one.")])
        try builder.addItem(id: "rank-1", prompt: "Order these", responses: [("x", "1"), ("y", "2"), ("z", "3")])
        try builder.addRating(
            id: "r-1", annotator: "ann-42", item: "cmp-7", submittedAtMs: 2000, durationMs: 5400, batch: "b1",
            shownOrder: ["b", "a"], answer: .pairwise(choice: .response("a"), strength: 0.5), gold: .pairwise(.response("a"))
        )
        try builder.addRating(id: "r-2", annotator: "ann-43", item: "cmp-7", submittedAtMs: 3000, answer: .pairwise(choice: .tie, strength: nil))
        try builder.addRating(id: "r-3", annotator: "ann-42", item: "rank-1", submittedAtMs: 1000, answer: .ranking(["z", "x", "y"]))
        try builder.addRating(
            id: "r-4", annotator: "ann-43", item: "rank-1", submittedAtMs: 4000,
            answer: .score(
                scores: [ResponseScore(responseID: "y", score: 6), ResponseScore(responseID: "x", score: 2)],
                scale: ScoreScale(min: 1, max: 7), attribute: "helpfulness")
        )
        #expect(throws: SnapshotBuilderError.unknownResponse(rating: "r-5", response: "c")) {
            try builder.addRating(
                id: "r-5", annotator: "ann-1", item: "cmp-7", submittedAtMs: 0, answer: .pairwise(choice: .response("c"), strength: nil))
        }
        #expect(throws: SnapshotBuilderError.unknownItem(rating: "r-6", item: "nope")) {
            try builder.addRating(id: "r-6", annotator: "ann-1", item: "nope", submittedAtMs: 0, answer: .ranking([]))
        }
        let snapshot = builder.build()
        #expect(snapshot.validate() == nil)
        #expect(Array(snapshot.annotators.ids) == ["ann-42", "ann-43"], "a failed rating adds no annotator")
        #expect(snapshot.annotators.firstSeenMs == [1000, 3000])
        let r = snapshot.ratings
        #expect(r.count == 4)
        #expect(r.choice == [AssayPluginAPI.PairwiseChoice.first, AssayPluginAPI.PairwiseChoice.tie, -1, -1])
        #expect(r.goldChoice == [0, -1, -1, -1])
        #expect(r.durationMs == [5400, -1, -1, -1])
        #expect(r.batch == [0, -1, -1, -1])
        #expect(Array(r.shownOrder[0]) == [1, 0])
        #expect(snapshot.choseShownFirst(rating: 0) == false)
        #expect(Array(r.ranking[2]) == [2, 0, 1])
        #expect(Array(r.scores[3]) == [ScoreEntry(response: 0, value: 2), ScoreEntry(response: 1, value: 6)])
        #expect(r.attributeNames[Int(r.attribute[3])] == "helpfulness")
        #expect(r.strength[0] == 0.5 && r.strength[1].isNaN)
        #expect(Array(snapshot.ratingRows(ofAnnotator: 0)) == [0, 2])
    }
}
