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

    @Test("texts do not belong to the rating's content; time zones and member order do not matter")
    func contentIdentity() throws {
        let a = try RatingDecoder.decode(
            try JSONParser.parse(#"{"rating_id":"r","annotator_id":"a","item_id":"i","kind":"pairwise","prompt":"P","responses":[{"id":"x","text":"X"},{"id":"y","text":"Y"}],"choice":"x","submitted_at":"2026-11-20T10:00:00Z"}"#),
            lineNumber: nil)
        let b = try RatingDecoder.decode(
            try JSONParser.parse(#"{"choice":"x","submitted_at":"2026-11-20T12:00:00+02:00","kind":"pairwise","item_id":"i","annotator_id":"a","rating_id":"r"}"#),
            lineNumber: nil)
        #expect(a.contentDigest == b.contentDigest)
    }
}
