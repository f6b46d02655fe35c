import AssayTestSupport
import Foundation
import Testing

/// `assay simulate` with the regime flags of Docs/regimes.md: they parse (shares as numbers or percentages), are
/// seeded, reject values outside their range, and `--reference-out` writes one reference answer per pairwise item.
@Suite struct SimulateRegimeTests {
    private static let regimeFlags = [
        "--campaign-launch", "0.1", "--position-imbalance", "65%", "--tie-rate", "0.5", "--response-pool", "4", "--ratings-per-item", "2",
        "--repeat-exposure", "0.05", "--attack", "gold-aware=0.05", "--pairwise-items", "300",
    ]

    @Test func everyRegimeAtOnceIsDeterministicAndWritesTheReference() throws {
        let folder = TemporaryDirectory()
        for run in ["first", "second"] {
            let result = try ProcessRunner.assay(
                [
                    "simulate", "--seed", "2", "--out", folder.path("\(run).jsonl"), "--truth", folder.path("\(run).truth.json"),
                    "--reference-out", folder.path("\(run).reference.jsonl"),
                ] + Self.regimeFlags)
            #expect(result.status == 0, "\(result.stderr)")
        }
        for suffix in [".jsonl", ".truth.json", ".reference.jsonl"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: folder.path("first\(suffix)")))
            let second = try Data(contentsOf: URL(fileURLWithPath: folder.path("second\(suffix)")))
            #expect(!first.isEmpty && first == second, "\(suffix) differs between two runs of the same flags")
        }
        let reference = try String(contentsOfFile: folder.path("first.reference.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(reference.count == 300)
        #expect(
            reference.allSatisfy { $0.hasPrefix("{\"item_id\":\"item-p") && ($0.hasSuffix("\"answer\":\"a\"}") || $0.hasSuffix("\"answer\":\"b\"}")) }
        )
        let truth = try String(contentsOfFile: folder.path("first.truth.json"), encoding: .utf8)
        #expect(truth.contains("\"position_imbalance\":0.65") && truth.contains("\"campaign_cohort\":[\"ann-"))
        #expect(truth.contains("\"kind\":\"gold-aware\""))
    }

    /// Each out-of-range value is refused with a message naming the option.
    @Test(arguments: [
        (["--tie-rate", "0.95"], "--tie-rate"), (["--position-imbalance", "1.5"], "--position-imbalance"),
        (["--repeat-exposure", "-0.1"], "--repeat-exposure"), (["--campaign-launch", "0.6"], "--campaign-launch"),
        (["--response-pool", "1"], "--response-pool"), (["--campaign-launch", "0.5", "--annotators", "8"], "campaign cohort"),
    ])
    func outOfRangeValuesAreRejected(flags: [String], message: String) throws {
        let folder = TemporaryDirectory()
        let result = try ProcessRunner.assay(["simulate", "--out", folder.path("out.jsonl")] + flags)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
    }
}
