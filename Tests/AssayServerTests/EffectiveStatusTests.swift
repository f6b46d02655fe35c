import AssayModel
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// `effective_status` over the real HTTP API follows the cleaning run's own rule: a cleared annotator is trusted
/// unless their weight is below the policy's `downweight_below` (0.5), then downweighted — the same function
/// (`AnnotatorStatus.effective`) the decision policy applies in the next run.
@Suite struct EffectiveStatusTests {
    @Test func aClearedAnnotatorWithALowWeightIsDownweightedNotTrusted() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.store.recordRun(
            RunRecord(
                runID: "run-1", snapshot: "snap-1", snapshotDigest: String(repeating: "0", count: 64), startedAt: .now, finishedAt: .now,
                actor: "test", output: fixture.folder.path, summary: #"{"ratings":3}"#),
            annotators: [
                AnnotatorRunOutcome(annotatorID: "ann-weak", weight: 0.2, status: "flagged", goldCorrect: 0, goldTotal: 4),
                AnnotatorRunOutcome(annotatorID: "ann-strong", weight: 0.9, status: "flagged", goldCorrect: 4, goldTotal: 4),
                AnnotatorRunOutcome(annotatorID: "ann-low", weight: 0.3, status: "downweighted", goldCorrect: 1, goldTotal: 4),
            ])
        try await fixture.withServer { client in
            for id in ["ann-weak", "ann-strong", "ann-low"] {
                let decided = try await client.send(
                    .post, "/v1/annotators/\(id)/decision", token: fixture.reviewer, body: #"{"decision":"clear","note":"checked by hand"}"#,
                    contentType: "application/json")
                #expect(decided.status == .created)
            }
            var effective: [String: String] = [:]
            for id in ["ann-weak", "ann-strong", "ann-low"] {
                let lookup = try await client.send(.get, "/v1/annotators/\(id)", token: fixture.ingest)
                #expect(lookup.status == .ok)
                #expect(lookup.json["decision"]?["decision"]?.string == "clear")
                effective[id] = lookup.json["effective_status"]?.string
            }
            #expect(effective == ["ann-weak": "downweighted", "ann-strong": "trusted", "ann-low": "downweighted"])
        }
    }
}
