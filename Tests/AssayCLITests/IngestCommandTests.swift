import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

@Suite("assay ingest")
struct IngestCommandTests {
    @Test("a clean file exits 0 with a summary line; re-ingest reports duplicates")
    func cleanFile() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let first = try ProcessRunner.assay(["ingest", Repository.fixture("sample/ratings.jsonl"), "--db", db])
        #expect(first.status == 0)
        #expect(first.stdout.contains("total: accepted 6500, duplicate 0, conflict 0, rejected 0"))
        let second = try ProcessRunner.assay(["ingest", Repository.fixture("sample/ratings.jsonl"), "--db", db])
        #expect(second.status == 0)
        #expect(second.stdout.contains("total: accepted 0, duplicate 6500, conflict 0, rejected 0"))
        let stats = try ProcessRunner.assay(["stats", "--db", db])
        #expect(stats.stdout.contains("ratings:     6,500 (pairwise 5,000, ranking 500, score 1,000;"))
        #expect(stats.stdout.contains("batches:     2"))
    }

    @Test("- reads standard input; provenance names stdin and the batch digest is over the bytes piped in")
    func standardInput() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let text = try String(contentsOfFile: Repository.fixture("sample/ratings.jsonl"), encoding: .utf8)
        let result = try ProcessRunner.run(Repository.assay, ["ingest", "-", "--db", db], input: text)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("total: accepted 6500, duplicate 0, conflict 0, rejected 0"))
        let row = try ProcessRunner.sqlite3(db, "SELECT source, origin, raw_sha256, raw_bytes FROM batches")
        let fields = row.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "|").map(String.init)
        #expect(fields.count == 4)
        #expect(fields.first == "stdin")
        #expect(fields.dropFirst().first?.hasPrefix("stdin lines 1-6500") == true)
        #expect(fields.dropFirst(2).first == SHA256Digest.hash(Array(text.utf8)).hex)
        #expect(fields.last == String(text.utf8.count))
        let twice = try ProcessRunner.assay(["ingest", "-", "-", "--db", db])
        #expect(twice.status == 64)
    }

    @Test("bad records: exit status 3, each printed with line and field, and written to --rejects")
    func badFile() throws {
        let folder = TemporaryDirectory()
        let rejects = folder.path("rejects.jsonl")
        let result = try ProcessRunner.assay([
            "ingest", Repository.fixture("bad/bad-records.jsonl"), "--db", folder.path("a.sqlite"), "--rejects", rejects,
        ])
        #expect(result.status == 3)
        #expect(result.stdout.contains("accepted 3, duplicate 1, conflict 3, rejected 43"))
        #expect(result.stderr.contains(#"line 21, rating_id "bad-choice-unknown", field "choice""#))
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 46)
        #expect(lines.contains { $0.contains(#""field":"choice""#) && $0.contains(#""line":21"#) && $0.contains(#""outcome":"rejected""#) })
        #expect(lines.contains { $0.contains(#""line":45"#) && $0.contains(#""outcome":"conflict""#) })
    }

    @Test("--all-or-nothing stores nothing from a file with a bad record")
    func allOrNothing() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let result = try ProcessRunner.assay(["ingest", Repository.fixture("bad/bad-records.jsonl"), "--db", db, "--all-or-nothing", "--quiet"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("all-or-nothing"))
        let stats = try ProcessRunner.assay(["stats", "--db", db])
        #expect(stats.stdout.contains("ratings:     0"))
    }

    @Test("a missing file is a clear error, exit 1")
    func missingFile() throws {
        let folder = TemporaryDirectory()
        let result = try ProcessRunner.assay(["ingest", folder.path("nope.jsonl"), "--db", folder.path("a.sqlite")])
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot read \(folder.path("nope.jsonl")): no such file"))
    }

    @Test("simulate is deterministic for a seed")
    func simulateDeterministic() throws {
        let folder = TemporaryDirectory()
        try ProcessRunner.assay(["simulate", "--out", folder.path("a.jsonl"), "--seed", "3", "--pairwise-items", "50"])
        try ProcessRunner.assay(["simulate", "--out", folder.path("b.jsonl"), "--seed", "3", "--pairwise-items", "50"])
        try ProcessRunner.assay(["simulate", "--out", folder.path("c.jsonl"), "--seed", "4", "--pairwise-items", "50"])
        let a = try Data(contentsOf: folder.url.appendingPathComponent("a.jsonl"))
        #expect(a == (try Data(contentsOf: folder.url.appendingPathComponent("b.jsonl"))))
        #expect(a != (try Data(contentsOf: folder.url.appendingPathComponent("c.jsonl"))))
    }

    @Test("simulate --profile stream writes the platform-shaped profile: items interleaved, texts on first sight only")
    func simulateStreamProfile() throws {
        let folder = TemporaryDirectory()
        let run = try ProcessRunner.assay([
            "simulate", "--profile", "stream", "--ratings", "400", "--ratings-per-item", "4", "--out", folder.path("s.jsonl"),
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try String(contentsOf: folder.url.appendingPathComponent("s.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 400)
        var seen: Set<String> = []
        var interleaved = false
        var previous = ""
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let item = try #require(object["item_id"] as? String)
            let carriesTexts = object["prompt"] != nil
            #expect(carriesTexts == !seen.contains(item), "texts ride on an item's first rating only (\(item))")
            if seen.contains(item), item != previous { interleaved = true }
            seen.insert(item)
            previous = item
        }
        #expect(seen.count == 100)
        #expect(interleaved, "an item's ratings arrive among other items'")
        let ingest = try ProcessRunner.assay(["ingest", folder.path("s.jsonl"), "--db", folder.path("s.sqlite")])
        #expect(ingest.status == 0 && ingest.stdout.contains("accepted 400"), "\(ingest.stdout)\(ingest.stderr)")
        let refused = try ProcessRunner.assay(["simulate", "--profile", "stream", "--attack", "spam=0.1", "--out", folder.path("x.jsonl")])
        #expect(refused.status != 0 && refused.stderr.contains("--attack needs --profile grouped"))
    }
}
