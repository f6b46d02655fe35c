import AssayConsensus
import AssayModel
import AssayPluginAPI
import AssayTestSupport
import Foundation
import Testing

@testable import AssayClean

/// The option that centres the newcomer prior of the annotator weight on the snapshot's population accuracy (empirical
/// Bayes) with the fixed prior's strength; the default keeps Beta(4, 1).
@Suite("Annotator weights: the newcomer prior centred on the population's accuracy (an option, off by default)")
struct NewcomerPriorTests {
    /// 30 pairwise items; five steady annotators (the first two always right, the others wrong on every third item) and
    /// one newcomer with a single rating.
    static func view() throws -> SnapshotView {
        var ratings: [Rating] = []
        var number = 0
        for item in 0..<30 {
            for annotator in 0..<5 {
                let wrong = annotator >= 2 && (item + annotator) % 3 == 0
                number += 1
                let line =
                    #"{"rating_id":"r\#(number)","annotator_id":"ann-\#(annotator)","item_id":"i\#(item)","kind":"pairwise","#
                    + (annotator == 0 ? #""prompt":"p\#(item)","responses":[{"id":"a","text":"x\#(item)"},{"id":"b","text":"y\#(item)"}],"# : "")
                    + #""choice":"\#(wrong ? "b" : "a")","submitted_at":"2026-11-20T10:00:00Z"}"#
                ratings.append(try RatingDecoder.decode(try JSONParser.parse(line), lineNumber: nil))
            }
        }
        let newcomer =
            #"{"rating_id":"r-new","annotator_id":"ann-new","item_id":"i0","kind":"pairwise","choice":"a","submitted_at":"2026-11-21T10:00:00Z"}"#
        ratings.append(try RatingDecoder.decode(try JSONParser.parse(newcomer), lineNumber: nil))
        return try SnapshotLoader.view(of: ratings)
    }

    @Test("on, every weight is the formula's with α₀, β₀ = 5 Ā, 5 (1 − Ā); by default, Beta(4, 1)'s")
    func centredOnThePopulation() throws {
        let view = try Self.view()
        let keep = [Bool](repeating: true, count: view.ratings.count)
        let histories = [[Double]](repeating: [], count: view.annotators.count)
        var centredSettings = ConsensusEngine.Settings()
        centredSettings.newcomerPriorFromPopulation = true
        let outcome = try ConsensusEngine.compute(
            view, objects: ResponseObjects(view), keep: keep, voteWeights: nil, histories: histories, settings: centredSettings)
        let fixed = ConsensusEngine.Settings()
        let before = try ConsensusEngine.compute(
            view, objects: ResponseObjects(view), keep: keep, voteWeights: nil, histories: histories, settings: fixed)

        var correct = 0.0
        var labels = 0
        for annotator in 0..<view.annotators.count where outcome.comparableLabels[annotator] > 0 {
            correct += outcome.accuracy[annotator] * Double(outcome.comparableLabels[annotator])
            labels += outcome.comparableLabels[annotator]
        }
        let population = correct / Double(labels)
        #expect(population > 0.7 && population < 0.95)
        let centred = AnnotatorWeight.Options(priorCorrect: 5 * population, priorIncorrect: 5 * (1 - population))
        for annotator in 0..<view.annotators.count {
            let accuracy = outcome.accuracy[annotator]
            let reputation = AnnotatorWeight.Reputation(
                goldCorrect: Double(outcome.goldCorrect[annotator]), goldTotal: Double(outcome.goldTotal[annotator]))
            let expected = try AnnotatorWeight.weight(
                reputation: reputation, snapshotAccuracy: accuracy.isNaN ? nil : accuracy,
                snapshotLabels: outcome.comparableLabels[annotator], classCount: 2, options: centred)
            #expect(abs(outcome.weight[annotator] - expected) < 1e-9, "annotator \(view.annotators.ids[annotator])")
            let fixedExpected = try AnnotatorWeight.weight(
                reputation: reputation, snapshotAccuracy: accuracy.isNaN ? nil : accuracy,
                snapshotLabels: before.comparableLabels[annotator], classCount: 2)
            #expect(abs(before.weight[annotator] - fixedExpected) < 1e-9)
        }
        // The newcomer, one rating in agreement: below the fixed prior's weight, since the crowd is below 0.8 + one label.
        let newcomer = try #require(Array(view.annotators.ids).firstIndex(of: "ann-new"))
        #expect(outcome.weight[newcomer] != before.weight[newcomer])
    }
}
