import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// A Label Studio JSON export (Fixtures/label-studio/export.json, and a generated one of thousands of annotations) as
/// contract-v1 ratings: every annotation imported, skipped with a reason, or rejected with its task and reason.
@Suite("Label Studio import")
struct LabelStudioImportTests {
    static func convert(
        _ bytes: [UInt8], options: LabelStudioOptions = LabelStudioOptions()
    ) throws -> (summary: LabelStudioSummary, ratings: [JSONValue], jsonl: [UInt8]) {
        var out: [UInt8] = []
        let summary = try LabelStudioImporter.convert(bytes: bytes, origin: "export", options: options, emit: { out.append(contentsOf: $0) })
        let ratings = try out.split(separator: UInt8(ascii: "\n")).map { try JSONParser.parse(Array($0)) }
        return (summary, ratings, out)
    }

    /// Ingests JSON Lines into a fresh SQLite store; returns the counts and the problems.
    static func ingest(_ jsonl: [UInt8]) throws -> (counts: IngestCounts, problems: [RatingError]) {
        let folder = TemporaryDirectory()
        let path = folder.path("ls.jsonl")
        FileManager.default.createFile(atPath: path, contents: Data(jsonl))
        let store = try SQLiteStore(path: folder.path("a.sqlite"))
        var problems: [RatingError] = []
        let result = try Ingestor(store: store).ingest(
            JSONLinesSource(stream: try ByteStream(path: path), origin: path), options: IngestOptions(source: "label-studio", submitter: "t"),
            onProblem: { problems.append($0) })
        return (result.counts, problems)
    }

    static func fixture() throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: Repository.fixture("label-studio/export.json"))))
    }

    @Test("the fixture export: 7 of 14 annotations imported, 2 skipped, 5 rejected, each named with its reason")
    func fixtureCounts() throws {
        let (summary, ratings, _) = try Self.convert(try Self.fixture())
        #expect(summary.tasks == 7 && summary.annotations == 14)
        #expect(summary.imported == 7 && summary.skippedCount == 2 && summary.rejectedCount == 5)
        #expect(summary.imported + summary.skippedCount + summary.rejectedCount == summary.annotations)
        #expect(summary.withGold == 3 && summary.predictions == 1)
        #expect(ratings.count == 7)
        #expect(
            summary.line
                == "imported 7 of 14 annotations in 7 tasks (3 with gold); skipped 2 (cancelled 1, empty result 1); rejected 5 (bad answer 2, bad task data 2, unsupported result 1) [2 tasks refused]; 1 prediction ignored"
        )
        #expect(
            summary.skipped.map(\.description) == [
                "task 101, annotation 1003: cancelled: was_cancelled: the annotator skipped the task",
                "task 104, annotation 1011: empty result: submitted with no result",
            ])
        #expect(
            summary.rejected.map(\.description) == [
                "task 102, annotation 1007: bad answer: choice \"Can't decide\" is none of A, B, Tie (first, second, tie; --choices)",
                "task 103, annotation 1009: unsupported result: ranker result has buckets (best, ads), not one ordered list under \"rank\": a Ranker with Bucket picks or groups, it does not rank",
                "task 104, annotation 1012: bad answer: rating 7 of \"a\" is outside the scale [1, 5] (--rating-scale)",
                "task 105 (2 annotations): bad task data: data has no \"prompt\" string for the prompt (--prompt-field), got missing",
                "task 107 (0 annotations): bad task data: no \"annotations\" array (a JSON-MIN or CSV export? export as JSON)",
            ])
    }

    @Test("the mapping: ids, annotator, times, prompt and responses, the four templates, gold from the ground truth")
    func fixtureMapping() throws {
        let ratings = try Self.convert(try Self.fixture()).ratings
        let byID = Dictionary(uniqueKeysWithValues: ratings.map { ($0["rating_id"]!.stringValue!, $0) })
        #expect(
            byID.keys.sorted() == [
                "ls-7-101-1001", "ls-7-101-1002", "ls-7-101-1004", "ls-7-102-1005", "ls-7-102-1006", "ls-7-103-1008", "ls-7-104-1010",
            ])
        let first = byID["ls-7-101-1001"]!
        #expect(first["annotator_id"] == .string("ls-user-1") && first["item_id"] == .string("ls-7-101"))
        #expect(first["kind"] == .string("pairwise") && first["choice"] == .string("a") && first["gold"] == .string("a"))
        #expect(first["prompt"] == .string("How do I reset my router?"))
        #expect(first["responses"]?.arrayCount == 2 && first["responses"]?[0]?["id"] == .string("a"))
        #expect(first["shown_order"] == .array([.string("a"), .string("b")]))
        #expect(first["submitted_at"] == .string("2026-11-03T10:00:02.117Z") && first["duration_ms"] == .number(12_500))
        #expect(
            first["meta"]
                == .object([
                    ("source", .string("label-studio")), ("project", .string("7")), ("task", .string("101")), ("annotation", .string("1001")),
                    ("control", .string("pw")), ("template", .string("pairwise")),
                ]))
        let alice = byID["ls-7-101-1002"]!
        #expect(alice["annotator_id"] == .string("ls-user-2") && alice["choice"] == .string("b") && alice["duration_ms"] == .number(8_031))
        #expect(alice["gold"] == .string("a"))
        let truth = byID["ls-7-101-1004"]!
        #expect(truth["submitted_at"] == .string("2026-11-03T11:30:00.500Z") && truth["meta"]?["ground_truth"] == .bool(true))
        #expect(byID["ls-7-102-1005"]?["choice"] == .string("tie") && byID["ls-7-102-1005"]?["meta"]?["template"] == .string("choices"))
        #expect(byID["ls-7-102-1005"]?["gold"] == nil)
        #expect(byID["ls-7-102-1006"]?["choice"] == .string("b"))
        let ranked = byID["ls-7-103-1008"]!
        #expect(ranked["kind"] == .string("ranking") && ranked["ranking"] == .array([.string("r2"), .string("r1"), .string("r3")]))
        #expect(ranked["responses"]?[1]?["text"] == .string("Four."))
        let scored = byID["ls-7-104-1010"]!
        #expect(scored["kind"] == .string("score") && scored["scores"] == .object([("a", .number(4)), ("b", .number(2))]))
        #expect(scored["scale"] == .array([.number(1), .number(5)]))
    }

    @Test("the imported ratings pass the contract validator and ingest into a SQLite store with no problem")
    func fixtureIngests() throws {
        let (_, ratings, jsonl) = try Self.convert(try Self.fixture())
        for (index, rating) in ratings.enumerated() { _ = try RatingDecoder.decode(rating, lineNumber: index + 1) }
        let (counts, problems) = try Self.ingest(jsonl)
        #expect(problems.isEmpty, "\(problems)")
        #expect(counts == IngestCounts(accepted: 7))
        // Re-importing the same export gives the same ratings: idempotent on ingest.
        #expect(try Self.convert(try Self.fixture()).jsonl == jsonl)
    }

    @Test("options: other field names, choice labels and scale; a file that is not an array of tasks is an error")
    func options() throws {
        let export = """
            [{"id": 1, "project": 3, "data": {"question": "Q?", "left_answer": "L", "right_answer": "R"},
              "annotations": [
                {"id": 9, "completed_by": 5, "result": [{"type": "choices", "from_name": "c", "to_name": "question", "value": {"choices": ["Right is better"]}}],
                 "was_cancelled": false, "ground_truth": false, "created_at": "2026-01-01T00:00:00Z", "updated_at": null, "lead_time": 1.5},
                {"id": 10, "completed_by": 6, "result": [{"type": "rating", "from_name": "r", "to_name": "left_answer", "value": {"rating": 9}}],
                 "was_cancelled": false, "ground_truth": false, "created_at": "2026-01-01T00:00:00Z", "lead_time": null}]}]
            """
        let options = LabelStudioOptions(
            prefix: "acme", promptField: "question", responseFields: ["left_answer", "right_answer"],
            choiceLabels: ["Left is better", "Right is better"], ratingScale: [0, 10])
        let (summary, ratings, jsonl) = try Self.convert(Array(export.utf8), options: options)
        #expect(summary.imported == 2 && summary.rejected.isEmpty)
        #expect(ratings[0]["rating_id"] == .string("acme-3-1-9") && ratings[0]["choice"] == .string("right_answer"))
        #expect(ratings[0]["submitted_at"] == .string("2026-01-01T00:00:00.000Z") && ratings[0]["duration_ms"] == .number(1_500))
        #expect(ratings[1]["scores"] == .object([("left_answer", .number(9))]) && ratings[1]["duration_ms"] == nil)
        #expect(try Self.ingest(jsonl).problems.isEmpty)
        do {
            _ = try Self.convert(Array(#"{"id": 1}"#.utf8))
            Issue.record("an object was accepted")
        } catch {
            #expect("\(error)" == "export line 1: a Label Studio JSON export is an array of tasks, got an object")
        }
    }

    /// A generated export: `tasks` tasks of 3 annotations each; pairwise, ranker (every 7th) and rating (every 10th)
    /// templates; cancelled (n % 50 == 7) and bad (n % 97 == 5) annotations; tasks with no prompt (t % 100 == 42).
    static func generated(tasks: Int) -> (bytes: [UInt8], imported: Int, skipped: Int, rejected: Int) {
        var (imported, skipped, rejected) = (0, 0, 0)
        var list: [JSONValue] = []
        for t in 0..<tasks {
            let template = t % 10 == 9 ? "rating" : t % 7 == 3 ? "ranker" : "pairwise"
            let noPrompt = t % 100 == 42
            var data: [(key: String, value: JSONValue)] = noPrompt ? [] : [("prompt", .string("prompt \(t)"))]
            data.append(("a", .string("first answer \(t)")))
            data.append(("b", .string("second answer \(t)")))
            let ids = ["x", "y", "z"]
            data.append(
                ("items", .array(ids.map { .object([("id", .string($0)), ("title", .string($0)), ("body", .string("item \($0) of \(t)"))]) })))
            var annotations: [JSONValue] = []
            for k in 0..<3 {
                let n = t * 3 + k
                let cancelled = n % 50 == 7
                let bad = n % 97 == 5
                let region: JSONValue
                switch template {
                case "ranker":
                    let order =
                        bad
                        ? JSONValue.object([("best", .array([.string("x")]))])
                        : .object([("rank", .array((0..<3).map { .string(ids[(n + $0) % 3]) }))])
                    region = .object([
                        ("type", .string("ranker")), ("from_name", .string("rank")), ("to_name", .string("list")),
                        ("value", .object([("ranker", order)])),
                    ])
                case "rating":
                    region = .object([
                        ("type", .string("rating")), ("from_name", .string("stars")), ("to_name", .string("a")),
                        ("value", .object([("rating", .number(bad ? 9 : Double(n % 5 + 1)))])),
                    ])
                default:
                    let side = bad ? "middle" : n % 2 == 0 ? "left" : "right"
                    region = .object([
                        ("type", .string("pairwise")), ("from_name", .string("pw")), ("to_name", .string("pw")),
                        ("value", .object([("selected", .string(side))])),
                    ])
                }
                annotations.append(
                    .object([
                        ("id", .number(Double(100_000 + n))), ("completed_by", .number(Double(n % 25 + 1))),
                        ("result", .array(cancelled ? [] : [region])),
                        ("was_cancelled", .bool(cancelled)), ("ground_truth", .bool(t % 20 == 0 && k == 0)),
                        ("created_at", .string("2026-11-0\(1 + k)T10:00:00.000000Z")), ("updated_at", .string("2026-11-0\(1 + k)T10:00:00.000000Z")),
                        ("lead_time", .number(Double(n % 60) + 0.25)), ("task", .number(Double(t))), ("project", .number(12)),
                    ]))
                if noPrompt { rejected += 1 } else if cancelled { skipped += 1 } else if bad { rejected += 1 } else { imported += 1 }
            }
            list.append(
                .object([
                    ("id", .number(Double(t))), ("annotations", .array(annotations)), ("predictions", .array([])), ("data", .object(data)),
                    ("project", .number(12)),
                ]))
        }
        return (Array(JSONWriter.encode(.array(list)).utf8), imported, skipped, rejected)
    }

    @Test("a generated export of 4,500 annotations: every annotation accounted for, the imported ones all ingest")
    func generatedExport() throws {
        let export = Self.generated(tasks: 1_500)
        let (summary, ratings, jsonl) = try Self.convert(export.bytes)
        #expect(summary.annotations == 4_500)
        #expect(summary.imported + summary.skippedCount + summary.rejectedCount == 4_500)
        #expect(summary.imported == export.imported && summary.skippedCount == export.skipped && summary.rejectedCount == export.rejected)
        #expect(export.skipped > 50 && export.rejected > 50)
        #expect(ratings.count == export.imported)
        #expect(Set(ratings.map { $0["kind"]!.stringValue! }) == ["pairwise", "ranking", "score"])
        #expect(summary.rejected.allSatisfy { !$0.task.isEmpty && !$0.detail.isEmpty })
        let (counts, problems) = try Self.ingest(jsonl)
        #expect(problems.isEmpty, "\(problems.prefix(3))")
        #expect(counts == IngestCounts(accepted: export.imported))
    }
}

extension JSONValue {
    fileprivate var arrayCount: Int? {
        if case .array(let values) = self { return values.count }
        return nil
    }

    fileprivate subscript(index: Int) -> JSONValue? {
        if case .array(let values) = self, values.indices.contains(index) { return values[index] }
        return nil
    }
}
