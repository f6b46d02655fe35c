import AssayPluginAPI
import Testing

@testable import AssayPlugins

@Suite struct WireTests {
    @Test func snapshotAndConsensusSurviveTheWire() throws {
        let snapshot = SyntheticSnapshot(annotators: 5, items: 20, ratingsPerAnnotator: 7).make()
        let consensus = ConsensusView(
            method: "test", pairwisePosterior: [0.7, 0.2, 0.1], responseScores: [.nan, 1.5], reliability: [0.9], weight: [1],
            agreement: AgreementTable(a: [0], b: [1], coRated: [3], observedAgreement: [0.66], expectedAgreement: [0.5])
        )
        let payload = RunnerRequest.encodedSnapshot(snapshot, consensus)
        var reader = WireReader(payload)
        let decoded = try reader.readSnapshot()
        let decodedConsensus = try reader.readConsensus()
        #expect(reader.isAtEnd)
        #expect(decoded.annotators == snapshot.annotators)
        #expect(decoded.items == snapshot.items)
        #expect(decoded.ratings.ids == snapshot.ratings.ids)
        #expect(decoded.ratings.shownOrder == snapshot.ratings.shownOrder)
        #expect(decoded.ratings.durationMs == snapshot.ratings.durationMs)
        #expect(decoded.ratingsByAnnotator == snapshot.ratingsByAnnotator)
        #expect(decodedConsensus.agreement == consensus.agreement)
        #expect(decodedConsensus.responseScores[0].isNaN)
        #expect(decoded.validate() == nil)
    }

    @Test func findingsSurviveTheWire() throws {
        let findings = [
            Finding(
                subject: .rating(3), score: 2.5, strength: .likelihoodRatio(40), action: .excludeRatings, summary: "Ring.",
                evidence: [.ids("members", ["a", "b"]), .text("trigger", "zebra"), .number("n", 4)]
            ),
            Finding(subject: .annotator(0), score: 1, strength: .uncalibrated, action: .excludeAnnotator, summary: "x"),
        ]
        var writer = WireWriter()
        writer.write(findings)
        var reader = WireReader(writer.bytes)
        #expect(try reader.readFindings() == findings)
    }

    @Test func truncatedMessagesAreRejectedNotTrusted() {
        let payload = RunnerRequest.encodedSnapshot(SyntheticSnapshot(annotators: 2, items: 3, ratingsPerAnnotator: 2).make(), ConsensusView())
        for cut in [0, 7, payload.count / 2, payload.count - 1] {
            var reader = WireReader(Array(payload.prefix(cut)))
            #expect(throws: WireError.self) {
                _ = try reader.readSnapshot()
                _ = try reader.readConsensus()
            }
        }
    }

    @Test func everyLoadErrorSurvivesTheWire() throws {
        let errors: [PluginLoadError] = [
            .unreadable(path: "p", reason: "r"), .untrusted(path: "p", digest: "d"), .digestChanged(path: "p", expected: "e", actual: "a"),
            .notLoadable(path: "p", reason: "r"), .notAPlugin(path: "p"), .abiMismatch(path: "p", found: 9, expected: 1),
            .toolchainMismatch(path: "p", found: "f", expected: "e"), .missingEntryPoint(path: "p", symbol: "s"),
            .badPluginObject(path: "p", reason: "r"), .invalidRule(path: "p", reason: "r"), .duplicateRule(id: "i", path: "p", otherPath: "o"),
            .runnerFailed(path: "p", reason: "r"),
        ]
        for error in errors {
            var writer = WireWriter()
            writer.write(error)
            var reader = WireReader(writer.bytes)
            #expect(try reader.readPluginLoadError() == error)
        }
    }

    @Test func runnerRefusesAFileThatChangedAfterHashing() throws {
        let original = try FixturePlugins.testPlugin("libTestNoopRule.so")
        let stale = PluginFile(path: original.path, digest: .hash("not the file"), origin: .external)
        #expect(throws: PluginLoadError.self) {
            _ = try RunnerProcess(executable: TestPaths.runner, plugin: stale, timeout: 30)
        }
        do {
            _ = try RunnerProcess(executable: TestPaths.runner, plugin: stale, timeout: 30)
        } catch {
            #expect(error.code == "digest_changed")
        }
    }
}
