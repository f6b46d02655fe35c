import AssayModel
import AssayTestSupport
import Foundation
import Testing

@Suite("Cleaning run outputs")
struct ContractOutputTests {
    @Test("the run succeeds and writes every contract file")
    func files() throws {
        let run = CleanRun.shared
        #expect(run.result.status == 0, "\(run.result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: run.out).sorted()
        #expect(
            files == ["annotators.jsonl", "attestation.dsse.json", "dataset.jsonl", "exclusions.jsonl", "report.html", "report.md", "scores.jsonl"])
        #expect(run.result.stdout.contains("report       \(run.out)/report.html"))
    }

    @Test("dataset.jsonl: TRL columns as strings, margin ≥ 0, weight in (0, 1], ids")
    func dataset() throws {
        let rows = try CleanRun.lines(CleanRun.shared.out + "/dataset.jsonl")
        #expect(rows.count > 1_000)
        for row in rows {
            for field in ["prompt", "chosen", "rejected", "item_id", "chosen_id", "rejected_id"] {
                #expect(row[field]?.stringValue?.isEmpty == false, "\(field)")
            }
            let margin = try #require(row["margin"]?.numberValue)
            let weight = try #require(row["weight"]?.numberValue)
            #expect(margin >= 0)
            #expect(weight > 0 && weight <= 1)
            #expect(row["chosen_id"] != row["rejected_id"])
        }
        // Rankings expand into pairs.
        #expect(rows.contains { $0["kind"] == .string("ranking") })
    }

    @Test("scores.jsonl: every contract field, scores on the item's scale")
    func scores() throws {
        let rows = try CleanRun.lines(CleanRun.shared.out + "/scores.jsonl")
        #expect(!rows.isEmpty)
        for row in rows {
            for field in ["item_id", "prompt", "response_id", "response", "attribute"] { #expect(row[field]?.stringValue != nil, "\(field)") }
            guard case .array(let scale)? = row["scale"], let low = scale.first?.numberValue, let high = scale.last?.numberValue,
                let score = row["score"]?.numberValue, let weight = row["weight"]?.numberValue
            else {
                Issue.record("score row lacks scale, score or weight: \(row)")
                continue
            }
            #expect(score >= low && score <= high)
            #expect(weight > 0 && weight <= 1)
        }
    }

    @Test("annotators.jsonl: every annotator once, with weight, status, findings and count")
    func annotators() throws {
        let rows = try CleanRun.lines(CleanRun.shared.out + "/annotators.jsonl")
        #expect(rows.count == 200)
        var total = 0.0
        for row in rows {
            let weight = try #require(row["weight"]?.numberValue)
            #expect(weight >= 0 && weight <= 1)
            #expect(["trusted", "downweighted", "flagged", "excluded"].contains(row["status"]?.stringValue ?? ""))
            guard case .array(let findings)? = row["findings"] else {
                Issue.record("findings is not an array")
                continue
            }
            for finding in findings {
                #expect(finding["rule"]?.stringValue != nil && finding["summary"]?.stringValue != nil && finding["score"]?.numberValue != nil)
            }
            total += row["ratings"]?.numberValue ?? 0
        }
        #expect(total == 6_500)
        // Honest annotators of the sample: nobody is excluded or flagged.
        #expect(!rows.contains { $0["status"] == .string("excluded") || $0["status"] == .string("flagged") })
    }

    @Test("exclusions.jsonl: every rating left out, with rules and a reason sentence")
    func exclusions() throws {
        let rows = try CleanRun.lines(CleanRun.shared.out + "/exclusions.jsonl")
        for row in rows {
            for field in ["rating_id", "annotator_id", "item_id", "reason"] { #expect(row[field]?.stringValue != nil, "\(field)") }
            guard case .array(let rules)? = row["rules"] else {
                Issue.record("rules is not an array")
                continue
            }
            #expect(!rules.isEmpty)
            #expect(row["reason"]?.stringValue?.hasSuffix(".") == true)
        }
        let ids = rows.compactMap { $0["rating_id"]?.stringValue }
        #expect(ids == ids.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }

    @Test("same snapshot, settings and plugins: byte-identical dataset, scores, annotators and exclusions")
    func deterministic() throws {
        let folder = TemporaryDirectory("assay-clean-again")
        let again = folder.path("run")
        let result = try ProcessRunner.assay(["clean", "--input", CleanRun.sample, "--out", again, "--key", CleanRun.privateKey])
        #expect(result.status == 0)
        for file in ["dataset.jsonl", "scores.jsonl", "annotators.jsonl", "exclusions.jsonl"] {
            let first = try Data(contentsOf: URL(fileURLWithPath: CleanRun.shared.out + "/" + file))
            let second = try Data(contentsOf: URL(fileURLWithPath: again + "/" + file))
            #expect(first == second, "\(file) differs between runs")
        }
    }

    @Test("an output directory holding other files is refused; a previous run is replaced only with --force")
    func outputSafety() throws {
        let folder = TemporaryDirectory("assay-clean-out")
        folder.write("notes.txt", "mine")
        let refused = try ProcessRunner.assay(["clean", "--input", CleanRun.sample, "--out", folder.url.path, "--key", CleanRun.privateKey])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("is not empty"))
        #expect(FileManager.default.fileExists(atPath: folder.path("notes.txt")))
    }
}
