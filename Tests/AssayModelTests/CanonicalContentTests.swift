import AssayModel
import AssayTestSupport
import Foundation
import Testing

@Suite("Canonical rating content")
struct CanonicalContentTests {
    @Test("the fast encoder equals the reference definition on every sample rating")
    func fastEqualsReference() throws {
        let text = try String(contentsOfFile: Repository.fixture("sample/ratings.jsonl"), encoding: .utf8)
        var count = 0
        for line in text.split(separator: "\n") {
            let rating = try RatingDecoder.decode(try JSONParser.parse(String(line)), lineNumber: nil)
            #expect(String(decoding: rating.canonicalContentBytes, as: UTF8.self) == CanonicalJSON.encode(rating.canonicalContent))
            count += 1
        }
        #expect(count == 6_500)
    }

    @Test("edge cases: escapes, non-ASCII ids and scores, gold of every kind")
    func edgeCases() throws {
        let records = [
            #"{"rating_id":"é\"1","annotator_id":"a\n","item_id":"i","kind":"score","scores":{"ß":1,"z":2.5,"A":-1},"scale":[-1,5],"gold":{"z":2},"submitted_at":"2026-11-20T10:00:00+02:00","meta":{"k":[1,{"b":2,"a":1}]}}"#,
            #"{"rating_id":"r","annotator_id":"a","item_id":"i","kind":"ranking","ranking":["b","a"],"gold":["a","b"],"shown_order":["a","b"],"duration_ms":0,"submitted_at":"2026-11-20T10:00:00Z"}"#,
            #"{"rating_id":"r","annotator_id":"a","item_id":"i","kind":"pairwise","choice":"tie","strength":0,"gold":"tie","submitted_at":"2026-11-20T10:00:00Z"}"#,
        ]
        for record in records {
            let rating = try RatingDecoder.decode(try JSONParser.parse(record), lineNumber: nil)
            #expect(String(decoding: rating.canonicalContentBytes, as: UTF8.self) == CanonicalJSON.encode(rating.canonicalContent))
        }
    }

    @Test("an item's direct canonical bytes equal the tree encoding (escapes, non-ASCII, 1 to 3 responses)")
    func itemBytesEqualTree() {
        let items = [
            Item(id: "i", prompt: "P", responses: [Response(id: "a", text: "x")]),
            Item(id: "é\"1", prompt: "line\nbreak \\ \u{1}", responses: [Response(id: "b", text: "日本"), Response(id: "a", text: "\t")]),
            Item(id: "x", prompt: "", responses: [Response(id: "1", text: ""), Response(id: "2", text: "y"), Response(id: "3", text: "\"q\"")]),
        ]
        for item in items {
            #expect(String(decoding: item.canonicalJSONBytes, as: UTF8.self) == item.canonicalJSON)
        }
        // Members out of order in the tree still encode sorted.
        let unsorted = JSONValue.object([("b", .number(1)), ("a", .object([("z", .null), ("y", .bool(true))]))])
        #expect(CanonicalJSON.encode(unsorted) == #"{"a":{"y":true,"z":null},"b":1}"#)
    }

    @Test("texts do not belong to the rating's content; time zones and member order do not matter")
    func contentIdentity() throws {
        let a = try RatingDecoder.decode(
            try JSONParser.parse(
                #"{"rating_id":"r","annotator_id":"a","item_id":"i","kind":"pairwise","prompt":"P","responses":[{"id":"x","text":"X"},{"id":"y","text":"Y"}],"choice":"x","submitted_at":"2026-11-20T10:00:00Z"}"#
            ),
            lineNumber: nil)
        let b = try RatingDecoder.decode(
            try JSONParser.parse(
                #"{"choice":"x","submitted_at":"2026-11-20T12:00:00+02:00","kind":"pairwise","item_id":"i","annotator_id":"a","rating_id":"r"}"#),
            lineNumber: nil)
        #expect(a.contentDigest == b.contentDigest)
    }
}
