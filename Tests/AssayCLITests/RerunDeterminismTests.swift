import AssayTestSupport
import Foundation
import Testing

/// Two `assay clean` processes on the same attacked input write byte-identical outputs. Each process seeds Swift's
/// hashing differently, so this catches what an in-process rerun cannot: a floating-point sum taken in dictionary
/// order (it moved p-values of `entity-promotion` in their last digits from one run to the next).
@Suite("Rerun determinism across processes")
struct RerunDeterminismTests {
    @Test("two processes, same input and key: the same bytes in every output but the report's times")
    func twoProcessesAgree() throws {
        let folder = TemporaryDirectory()
        let input = folder.path("attacked.jsonl")
        var simulate = ["simulate", "--out", input, "--seed", "4", "--truth", folder.path("truth.json")]
        for kind in ["spam", "position", "length", "ring", "trigger", "entity", "sybil", "replay"] { simulate += ["--attack", "\(kind)=0.02"] }
        let generated = try ProcessRunner.assay(simulate)
        #expect(generated.status == 0, "\(generated.stderr)")
        let key = Repository.root.appendingPathComponent("Fixtures/keys/test-ed25519-private.pem").path
        for run in ["first", "second"] {
            let cleaned = try ProcessRunner.assay(["clean", "--input", input, "--out", folder.path(run), "--key", key])
            #expect(cleaned.status == 0, "\(cleaned.stderr)")
        }
        for file in ["dataset.jsonl", "scores.jsonl", "annotators.jsonl", "exclusions.jsonl"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: folder.path("first/\(file)")))
            let second = try Data(contentsOf: URL(fileURLWithPath: folder.path("second/\(file)")))
            #expect(!first.isEmpty)
            #expect(first == second, "\(file) differs between two processes")
        }
    }
}
