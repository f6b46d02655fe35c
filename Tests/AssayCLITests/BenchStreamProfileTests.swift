import AssayTestSupport
import Foundation
import Testing

/// `assay bench ingest --profile stream` writes data shaped like a platform's stream, checked on the real generated
/// file: in submission-time order, items interleaved (an item's ratings far apart, others' in between), the texts on
/// an item's first rating only, prompts of ~100 bytes and responses of 200–600 bytes, mostly pairwise; and the whole
/// file is valid under the contract (every rating accepted).
@Suite struct BenchStreamProfileTests {
    private struct Line {
        let itemID: String
        let ratingID: String
        let submittedAt: String
        let kind: String
        let prompt: String?
        let responses: [String]?
    }

    private static func generate(profile: String, in folder: TemporaryDirectory) throws -> (ProcessResult, [Line]) {
        let result = try ProcessRunner.assay([
            "bench", "ingest", "--profile", profile, "--ratings", "4000", "--annotators", "300", "--workdir", folder.path("bench"), "--keep",
        ])
        let text = try String(contentsOfFile: folder.path("bench/ratings.jsonl"), encoding: .utf8)
        let lines = try text.split(separator: "\n").map { raw in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
            return Line(
                itemID: try #require(object["item_id"] as? String), ratingID: try #require(object["rating_id"] as? String),
                submittedAt: try #require(object["submitted_at"] as? String), kind: try #require(object["kind"] as? String),
                prompt: object["prompt"] as? String,
                responses: (object["responses"] as? [[String: Any]])?.compactMap { $0["text"] as? String })
        }
        return (result, lines)
    }

    /// Mean number of other ratings between two consecutive ratings of the same item.
    private static func meanGap(_ lines: [Line]) -> Double {
        var last: [String: Int] = [:]
        var total = 0
        var gaps = 0
        for (position, line) in lines.enumerated() {
            if let previous = last[line.itemID] {
                total += position - previous - 1
                gaps += 1
            }
            last[line.itemID] = position
        }
        return gaps == 0 ? 0 : Double(total) / Double(gaps)
    }

    @Test func streamProfileIsInterleavedWithTextsOnFirstSight() throws {
        let folder = TemporaryDirectory()
        let (result, lines) = try Self.generate(profile: "stream", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("accepted 4000, duplicate 0, conflict 0, rejected 0"), "\(result.stdout)")
        #expect(lines.count == 4000)
        #expect(Set(lines.map(\.ratingID)).count == 4000)
        // Submission-time order (RFC 3339 UTC strings of one width sort as times).
        #expect(zip(lines, lines.dropFirst()).allSatisfy { $0.submittedAt <= $1.submittedAt })
        let items = Set(lines.map(\.itemID))
        #expect(items.count == 1000)
        // Interleaved: 4 ratings per item over 1,000 items spread over two days leave hundreds of others between two
        // ratings of one item (the grouped profile leaves a few).
        #expect(Self.meanGap(lines) > 500)
        var seen: Set<String> = []
        for line in lines {
            if seen.insert(line.itemID).inserted {
                let prompt = try #require(line.prompt, "first rating of \(line.itemID) has no prompt")
                #expect((80...140).contains(prompt.utf8.count), "\(prompt)")
                let responses = try #require(line.responses, "first rating of \(line.itemID) has no responses")
                #expect(responses.allSatisfy { (200...640).contains($0.utf8.count) }, "\(responses.map(\.utf8.count))")
            } else {
                #expect(line.prompt == nil && line.responses == nil, "\(line.ratingID) repeats the texts of \(line.itemID)")
            }
        }
        let pairwise = lines.filter { $0.kind == "pairwise" }.count
        #expect(pairwise > 3_200 && pairwise < 4_000, "pairwise \(pairwise) of 4000")
    }

    @Test func groupedProfileKeepsAnItemsRatingsTogether() throws {
        let folder = TemporaryDirectory()
        let (result, lines) = try Self.generate(profile: "grouped", in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(lines.count == 4000)
        #expect(Self.meanGap(lines) < 500)
    }
}
