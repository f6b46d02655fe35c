import AssayEvaluate
import AssayModel
import AssaySimulator
import Foundation
import Testing

/// `Evaluation` on a run directory written by hand: every number can be checked by eye.
@Suite struct EvaluationTests {
    static func write(_ lines: [String], to path: String) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func scoresARunAgainstTheTruth() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assay-eval-\(UInt64.random(in: 0 ... .max))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Two honest annotators (h1 flagged by mistake), two adversaries: ring member x1 excluded, trigger t1 trusted.
        try Self.write(
            [
                #"{"annotator_id":"h1","weight":1,"status":"flagged","findings":[],"ratings":2}"#,
                #"{"annotator_id":"h2","weight":1,"status":"trusted","findings":[],"ratings":2}"#,
                #"{"annotator_id":"x1","weight":0,"status":"excluded","findings":[],"ratings":2}"#,
                #"{"annotator_id":"t1","weight":1,"status":"trusted","findings":[],"ratings":1}"#,
            ], to: "\(directory)/annotators.jsonl")
        try Self.write(
            [#"{"rating_id":"r5","annotator_id":"x1","item_id":"i1","rules":["annotator_excluded"],"reason":"x"}"#],
            to: "\(directory)/exclusions.jsonl")
        try Self.write(
            [
                #"{"prompt":"p","chosen":"A","rejected":"B","margin":0.9,"weight":1,"item_id":"i1","chosen_id":"a","rejected_id":"b"}"#,
                #"{"prompt":"p","chosen":"B","rejected":"A","margin":0.2,"weight":1,"item_id":"i2","chosen_id":"b","rejected_id":"a"}"#,
            ], to: "\(directory)/dataset.jsonl")
        var truth = SimulationTruth()
        truth.adversaries = [.init(annotatorID: "x1", kind: .ring), .init(annotatorID: "t1", kind: .trigger)]
        truth.poisoned = [
            .init(ratingID: "r5", annotatorID: "x1", itemID: "i1", kind: .ring), .init(ratingID: "r6", annotatorID: "x1", itemID: "i2", kind: .ring),
            .init(ratingID: "r7", annotatorID: "t1", itemID: "i2", kind: .trigger),
        ]
        truth.pairwiseItems = [
            .init(itemID: "i1", betterResponseID: "a", attacks: [.ring]), .init(itemID: "i2", betterResponseID: "a", attacks: [.ring, .trigger]),
            .init(itemID: "i3", betterResponseID: "b", attacks: []),
        ]
        let ratings = try [
            #"{"rating_id":"r1","annotator_id":"h1","item_id":"i1","kind":"pairwise","choice":"a"}"#,
            #"{"rating_id":"r2","annotator_id":"h2","item_id":"i1","kind":"pairwise","choice":"a"}"#,
            #"{"rating_id":"r5","annotator_id":"x1","item_id":"i1","kind":"pairwise","choice":"b"}"#,
            #"{"rating_id":"r3","annotator_id":"h1","item_id":"i2","kind":"pairwise","choice":"a"}"#,
            #"{"rating_id":"r6","annotator_id":"x1","item_id":"i2","kind":"pairwise","choice":"b"}"#,
            #"{"rating_id":"r7","annotator_id":"t1","item_id":"i2","kind":"pairwise","choice":"b"}"#,
            #"{"rating_id":"r4","annotator_id":"h2","item_id":"i3","kind":"pairwise","choice":"b"}"#,
        ].map { try JSONParser.parse($0) }
        let evaluation = Evaluation(run: try RunOutput(directory: directory), truth: try SimulationTruth(json: truth.json()), ratings: ratings)
        let ring = try #require(evaluation.rows.first { $0.kind == "ring" })
        #expect(ring.recall == 1 && ring.excluded == 1)
        #expect(ring.removedShare == 1)  // r5 listed, r6 belongs to an excluded annotator
        #expect(ring.cleanedAccuracy == 0.5)  // i1 right, i2 wrong
        #expect(ring.majorityAccuracy == 0.5)  // i1: a 2–1; i2: b 2–1
        let trigger = try #require(evaluation.rows.first { $0.kind == "trigger" })
        #expect(trigger.recall == 0 && trigger.removedShare == 0)
        #expect(evaluation.allItems.cleanedMissing == 1)  // i3 has no dataset row
        // Like for like on the dataset's own items (i1, i2): majority 1 + 0 there, against 2/3 over all three items.
        #expect(evaluation.allItems.keptItems == 2)
        #expect(evaluation.allItems.majorityAccuracy == 2.0 / 3)
        #expect(evaluation.allItems.majorityAccuracyOnKept == 0.5 && evaluation.allItems.cleanedAccuracyOnKept == 0.5)
        #expect(evaluation.json()["all"]?["majority_accuracy_on_dataset_items"] == .number(0.5))
        #expect(evaluation.honestAnnotators == 2 && evaluation.honestFlagged == 1 && evaluation.honestExcluded == 0)
        #expect(evaluation.precision == 0.5)
        #expect(evaluation.table().contains("ring"))
        #expect(ring.ceilingAccuracy.isNaN)
        // The honest-only ceiling: a run on the honest ratings that chose a on i1 and i2 and left out i3.
        var ceiling = RunOutput()
        ceiling.chosen = ["i1": "a", "i2": "a"]
        let withCeiling = Evaluation(run: try RunOutput(directory: directory), truth: truth, ratings: ratings, ceiling: ceiling)
        #expect(try #require(withCeiling.rows.first { $0.kind == "ring" }).ceilingAccuracy == 1)
        #expect(withCeiling.allItems.ceilingAccuracy == 2.0 / 3 && withCeiling.allItems.ceilingMissing == 1)
        #expect(withCeiling.json()["all"]?["ceiling_accuracy"] == .number(2.0 / 3))
        #expect(evaluation.json()["precision"] == .number(0.5))
    }
}
