import AssayConsensus
import AssayTestSupport
import Foundation
import Testing

@testable import AssayModel

/// The fast decoder must agree with the reference path (parser + tree decoder) on every input:
/// the same ``Rating`` when both accept, and no rating when the reference path rejects. It may
/// decline (return nil) where the reference path accepts; that only costs speed, and these tests
/// pin that it does not decline ordinary records.
@Suite("RatingFastDecoder agrees with the reference decoder")
struct RatingFastDecoderTests {
    enum Verdict: Equatable {
        case accepted(Rating)
        case rejected
    }

    static func reference(_ bytes: [UInt8]) -> Verdict {
        bytes.withUnsafeBufferPointer { buffer in
            do {
                return .accepted(try RatingDecoder.decodeReference(line: buffer, lineNumber: 1))
            } catch {
                return .rejected
            }
        }
    }

    static func fast(_ bytes: [UInt8]) -> Rating? {
        bytes.withUnsafeBufferPointer { RatingFastDecoder.decode($0) }
    }

    /// Checks agreement on one input; returns whether the fast path accepted it.
    @discardableResult
    static func agree(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let expected = reference(bytes)
        guard let fast = fast(bytes) else { return false }
        #expect(
            expected == .accepted(fast), "fast path accepted what the reference path decides otherwise: \(String(decoding: bytes, as: UTF8.self))",
            sourceLocation: sourceLocation)
        return true
    }

    static func lines(_ fixture: String) throws -> [[UInt8]] {
        // Bytes, not a String: the bad records include invalid UTF-8.
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.fixture(fixture)))
        return [UInt8](data).split(separator: 0x0A, omittingEmptySubsequences: true).map(Array.init)
    }

    @Test("every valid sample rating takes the fast path and decodes identically")
    func sampleRatings() throws {
        let lines = try Self.lines("sample/ratings.jsonl")
        #expect(lines.count > 6_000)
        for line in lines {
            #expect(Self.agree(line), "declined a valid record: \(String(decoding: line, as: UTF8.self).prefix(120))")
        }
    }

    @Test("no bad record is accepted by the fast path")
    func badRecords() throws {
        for line in try Self.lines("bad/bad-records.jsonl") {
            if case .rejected = Self.reference(line) {
                #expect(Self.fast(line) == nil, "accepted: \(String(decoding: line, as: UTF8.self))")
            }
        }
    }

    static let seeds: [String] = [
        #"{"rating_id":"r1","annotator_id":"a1","item_id":"i1","kind":"pairwise","prompt":"P?","responses":[{"id":"a","text":"x"},{"id":"b","text":"y"}],"shown_order":["b","a"],"choice":"a","strength":0.5,"submitted_at":"2026-11-01T08:00:16.340Z","duration_ms":10080,"gold":"a","meta":{"k":[1,2.5,null,true],"n":{"d":"e"}}}"#,
        #"{"rating_id":"r2","annotator_id":"a2","item_id":"i2","kind":"ranking","responses":[{"id":"a","text":"x"},{"id":"b","text":"y"},{"id":"c","text":"z"}],"ranking":["c","a","b"],"gold":["c","b","a"],"submitted_at":"2026-11-01T08:00:16+02:00"}"#,
        #"{"rating_id":"r3","annotator_id":"a3","item_id":"i3","kind":"score","scores":{"b":2,"a":6.5},"scale":[1,7],"attribute":"helpful","gold":{"a":7},"submitted_at":"2026-11-01T08:00:16Z","duration_ms":0}"#,
        #"{ "kind" : "pairwise" , "choice" : "tie" , "item_id" : "i\u00e9" , "annotator_id" : "\u0061nn" , "rating_id" : "r\"4" , "submitted_at" : "2026-11-01T08:00:16.5Z" }  "#,
        #"{"rating_id":"r5","annotator_id":"ä","item_id":"日本","kind":"score","scores":{"日":1},"scale":[-1e2,1E2],"submitted_at":"2026-11-01T08:00:16Z","prompt":"é\n\t"}"#,
    ]

    @Test("hand-written records of every kind and spelling")
    func seedsAgree() {
        var accepted = 0
        for seed in Self.seeds where Self.agree(Array(seed.utf8)) { accepted += 1 }
        #expect(accepted == Self.seeds.count)
    }

    @Test("ids at the length limit: counted in characters, not bytes")
    func idLengths() {
        for (id, valid) in [
            (String(repeating: "é", count: 128), true), (String(repeating: "é", count: 129), false),
            (String(repeating: "x", count: 128), true), (String(repeating: "x", count: 129), false), ("", false),
        ] {
            let line = Array(
                #"{"rating_id":"\#(id)","annotator_id":"a","item_id":"i","kind":"pairwise","choice":"a","submitted_at":"2026-11-01T08:00:16Z"}"#.utf8)
            Self.agree(line)
            #expect((Self.fast(line) != nil) == valid)
        }
    }

    /// Random single-byte and token edits of the seeds: the two paths never disagree.
    @Test("thousands of mutated records: never a disagreement")
    func mutations() {
        var generator = SplitMix64(seed: 2026)  // deterministic, so a failure reproduces
        let alphabet = Array(#"{}[]",:\ 0123456789.eE+-abtnulrfsxé"#.utf8)
        let tokens = [
            "\"choice\"", "\"ranking\"", "\"scores\"", "\"scale\"", "\"attribute\"", "\"strength\"", "\"gold\"", "\"meta\"",
            "null", "true", "[]", "{}", "\"\"", "-0", "1.5", "2", "1e400", "\"tie\"", "\"pairwise\"", "\"score\"", "\"ranking\"",
            "\"a\"", "\"b\"", ",", ":", "\\u0000", "\\ud800",
        ].map { Array($0.utf8) }
        var acceptedMutants = 0
        var rejectedMutants = 0
        for seed in Self.seeds {
            let original = Array(seed.utf8)
            for _ in 0..<3_000 {
                var bytes = original
                for _ in 0..<Int(generator.next() % 3 + 1) {
                    let position = Int(generator.next() % UInt64(bytes.count))
                    switch generator.next() % 4 {
                    case 0: bytes.remove(at: position)
                    case 1: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
                    case 2: bytes[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    default: bytes.insert(contentsOf: tokens[Int(generator.next() % UInt64(tokens.count))], at: position)
                    }
                    if bytes.isEmpty { bytes = [0x7B] }
                }
                if Self.agree(bytes) { acceptedMutants += 1 }
                if case .rejected = Self.reference(bytes) { rejectedMutants += 1 }
            }
        }
        // The mutations exercise both sides: some survive as valid records, most do not.
        #expect(acceptedMutants > 100)
        #expect(rejectedMutants > 10_000)
    }
}
