import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Every rule of the rating contract v1, one bad record each (`Fixtures/bad/bad-records.jsonl`),
/// ingested into a real SQLite store; each must be refused with exactly this message.
@Suite("Contract v1 rules")
struct ContractRuleTests {
    struct Expectation: CustomTestStringConvertible, Sendable {
        let line: Int
        let message: String
        var testDescription: String { "line \(line)" }
    }

    static let expectations: [Expectation] = [
        .init(line: 4, message: "line 4: not valid JSON: invalid JSON at byte 1: invalid literal (expected true)"),
        .init(line: 5, message: "line 5: a rating must be a JSON object, got an array"),
        .init(line: 6, message: #"line 6, field "rating_id": is required"#),
        .init(line: 7, message: #"line 7, field "rating_id": must be a string, got a number"#),
        .init(line: 8, message: #"line 8, field "rating_id": must not be empty"#),
        .init(line: 9, message: #"line 9, field "rating_id": is 129 characters long; at most 128 are allowed"#),
        .init(line: 10, message: #"line 10, rating_id "bad-annotator", field "annotator_id": is required"#),
        .init(line: 11, message: #"line 11, rating_id "bad-item", field "item_id": is required"#),
        .init(line: 12, message: #"line 12, rating_id "bad-kind-missing", field "kind": is required"#),
        .init(line: 13, message: #"line 13, rating_id "bad-kind", field "kind": must be "pairwise", "ranking" or "score", got "likert""#),
        .init(line: 14, message: #"line 14, rating_id "bad-time-missing", field "submitted_at": is required"#),
        .init(
            line: 15,
            message: #"line 15, rating_id "bad-time", field "submitted_at": "yesterday" is not an RFC 3339 timestamp (e.g. 2026-11-20T10:00:00Z)"#),
        .init(
            line: 16,
            message:
                #"line 16, rating_id "bad-date", field "submitted_at": "2026-02-30T10:00:00Z" is not an RFC 3339 timestamp (e.g. 2026-11-20T10:00:00Z)"#
        ),
        .init(line: 17, message: #"line 17, rating_id "bad-duration-negative", field "duration_ms": must be ≥ 0, got -5"#),
        .init(
            line: 18,
            message: #"line 18, rating_id "bad-duration-fraction", field "duration_ms": must be a whole number of milliseconds, got a fraction"#),
        .init(
            line: 19,
            message:
                #"line 19, rating_id "bad-unknown-field", field "choise": unknown field; the contract v1 fields are fixed, put platform data in "meta""#
        ),
        .init(line: 20, message: #"line 20, rating_id "bad-choice-missing", field "choice": is required"#),
        .init(
            line: 21,
            message:
                #"line 21, rating_id "bad-choice-unknown", field "choice": "c" is not a response of item "cmp-1" (responses: "a", "b", or "tie")"#),
        .init(line: 22, message: #"line 22, rating_id "bad-strength-range", field "strength": must lie in [0, 1], got 1.5"#),
        .init(line: 23, message: #"line 23, rating_id "bad-strength-type", field "strength": must be a number in [0, 1], got a string"#),
        .init(
            line: 24,
            message: #"line 24, rating_id "bad-choice-on-score", field "choice": "choice" belongs to pairwise ratings, not to a score rating"#),
        .init(line: 25, message: #"line 25, rating_id "bad-ranking-missing", field "ranking": is required for a ranking rating"#),
        .init(
            line: 26,
            message: #"line 26, rating_id "bad-ranking-duplicate", field "ranking": response id "a" appears twice; a ranking is a permutation"#),
        .init(
            line: 27,
            message: #"line 27, rating_id "bad-ranking-incomplete", field "ranking": must list every response of item "rank-1" once; missing "c""#),
        .init(
            line: 28,
            message: #"line 28, rating_id "bad-ranking-unknown", field "ranking": "z" is not a response of item "rank-1" (responses: "a", "b", "c")"#),
        .init(line: 29, message: #"line 29, rating_id "bad-scale-missing", field "scale": is required for a score rating"#),
        .init(line: 30, message: #"line 30, rating_id "bad-scale-order", field "scale": min must be below max, got [7, 1]"#),
        .init(line: 31, message: #"line 31, rating_id "bad-score-range", field "scores": score 9 of "a" lies outside the scale [1, 7]"#),
        .init(
            line: 32,
            message: #"line 32, rating_id "bad-score-unknown", field "scores": "q" is not a response of item "score-1" (responses: "a", "b")"#),
        .init(line: 33, message: #"line 33, rating_id "bad-score-type", field "scores": score of "a" must be a number, got a string"#),
        .init(
            line: 34,
            message: #"line 34, rating_id "bad-shown-order", field "shown_order": "z" is not a response of item "cmp-1" (responses: "a", "b")"#),
        .init(
            line: 35,
            message: #"line 35, rating_id "bad-gold-unknown", field "gold": "z" is not a response of item "cmp-1" (responses: "a", "b", or "tie")"#),
        .init(line: 36, message: #"line 36, rating_id "bad-gold-type", field "gold": must be an array of response ids, got a string"#),
        .init(line: 37, message: #"line 37, rating_id "bad-meta", field "meta": must be an object, got a string"#),
        .init(line: 38, message: #"line 38, rating_id "bad-prompt-type", field "prompt": must be a string, got an array"#),
        .init(line: 39, message: #"line 39, rating_id "bad-responses-count", field "responses": a pairwise item needs exactly 2 responses, got 3"#),
        .init(
            line: 40,
            message:
                #"line 40, rating_id "bad-responses-duplicate", field "responses": response id "a" appears twice; ids must be unique within the item"#
        ),
        .init(line: 41, message: #"line 41, rating_id "bad-responses-text", field "responses": element 1 needs a "text" string"#),
        .init(
            line: 42,
            message:
                #"line 42, rating_id "bad-first-sight", field "prompt": item "never-seen" is not known yet; its first rating must carry prompt and responses"#
        ),
        .init(
            line: 43,
            message:
                #"line 43, rating_id "bad-prompt-conflict", field "prompt": conflict: differs from the stored prompt of item "cmp-1"; items cannot change once stored"#
        ),
        .init(
            line: 44,
            message:
                #"line 44, rating_id "bad-responses-conflict", field "responses": conflict: differ from the stored responses of item "cmp-1"; items cannot change once stored"#
        ),
        .init(
            line: 46,
            message: #"line 46, rating_id "bad-kind-for-item", field "kind": item "rank-1" has 3 responses; a pairwise rating needs exactly 2"#),
        .init(line: 47, message: #"line 47: not valid JSON: invalid JSON at byte 34: duplicate member "rating_id""#),
        .init(line: 48, message: "line 48: not valid JSON: invalid JSON at byte 533: nesting deeper than 64 levels"),
        .init(line: 49, message: "line 49: not valid JSON: invalid JSON at byte 41: string is not valid UTF-8"),
    ]

    /// The fixture ingested once into a fresh SQLite file.
    struct Run: Sendable {
        let problems: [Int: RatingError]
        let result: IngestResult
        let stored: Int
    }

    static let run: Run = {
        let folder = TemporaryDirectory()
        let store = try! SQLiteStore(path: folder.path("contract.sqlite"))
        let path = Repository.fixture("bad/bad-records.jsonl")
        var problems: [Int: RatingError] = [:]
        let result = try! Ingestor(store: store).ingest(
            JSONLinesSource(stream: try! ByteStream(path: path), origin: path),
            options: IngestOptions(source: "test", submitter: "test"),
            onProblem: { problems[$0.line ?? 0] = $0 })
        return Run(problems: problems, result: result, stored: try! store.statistics().ratings)
    }()

    @Test("each bad record is refused with its exact message", arguments: expectations)
    func refused(_ expectation: Expectation) {
        let problem = Self.run.problems[expectation.line]
        #expect(problem?.description == expectation.message)
    }

    @Test("conflicts are told apart from rejections")
    func conflictKinds() {
        let conflicts = Self.run.problems.values.filter { $0.kind == .conflict }.compactMap(\.line).sorted()
        #expect(conflicts == [43, 44, 45])
        #expect(Self.run.problems[45]?.field == "rating_id")
    }

    @Test("valid records of the same file are still taken; nothing else is stored")
    func validRecordsTaken() {
        #expect(Self.run.result.counts == IngestCounts(accepted: 3, duplicates: 1, conflicts: 3, rejected: 43))
        #expect(Self.run.stored == 3)
        #expect(Self.run.problems.count == Self.expectations.count + 1)  // + the rating_id conflict on line 45
    }
}
