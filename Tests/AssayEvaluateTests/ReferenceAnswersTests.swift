import AssayEvaluate
import Testing

/// The reference file reader: both layouts, and a message naming the line and field for each kind of bad line.
@Suite("Reference answers")
struct ReferenceAnswersTests {
    static func parse(_ text: String, csv: Bool? = nil) throws(EvaluationError) -> ReferenceAnswers {
        try ReferenceAnswers(bytes: Array(text.utf8), origin: "ref", csv: csv)
    }

    @Test("JSON Lines: answers, ties, extra members ignored, blank lines and CRLF skipped, repeats that agree")
    func jsonLines() throws {
        let reference = try Self.parse(
            """
            {"item_id":"i1","answer":"a","source":"gpt4"}\r

            {"item_id":"i2","answer":"tie"}
            {"answer":"b","item_id":"i3"}
            {"item_id":"i1","answer":"a"}

            """)
        #expect(reference.answers == ["i1": .response("a"), "i2": .tie, "i3": .response("b")])
        #expect(reference.order == ["i1", "i2", "i3"])
        #expect(reference.strictItems == 2 && reference.tieItems == 1)
    }

    @Test("CSV: detected from the header, quoted fields, other columns ignored")
    func csv() throws {
        let reference = try Self.parse("item_id,answer,note\r\ni1,a,x\n\"i,2\",\"b \"\"quoted\"\"\",\ni3,tie\n")
        #expect(reference.answers == ["i1": .response("a"), "i,2": .response("b \"quoted\""), "i3": .tie])
        let forced = try Self.parse("item_id,answer\ni1,a\n", csv: true)
        #expect(forced.answers == ["i1": .response("a")])
    }

    static let badLines: [(String, Bool?, String)] = [
        ("{\"item_id\":\"i1\",\"answer\":\"a\"}\nnot json\n", nil, "ref: line 2: invalid JSON"),
        ("{\"answer\":\"a\"}\n", nil, "ref: line 1: field item_id: missing"),
        ("{\"item_id\":\"i1\"}\n", nil, "ref: line 1: field answer: missing"),
        ("{\"item_id\":7,\"answer\":\"a\"}\n", nil, "ref: line 1: field item_id: expected a string, got a number"),
        ("{\"item_id\":\"i1\",\"answer\":null}\n", nil, "ref: line 1: field answer: expected a string, got null"),
        ("{\"item_id\":\"\",\"answer\":\"a\"}\n", nil, "ref: line 1: field item_id: empty"),
        ("[1,2]\n", nil, "ref: line 1: expected a JSON object, got an array"),
        (
            "{\"item_id\":\"i1\",\"answer\":\"a\"}\n{\"item_id\":\"i1\",\"answer\":\"b\"}\n", nil,
            "ref: line 2: field answer: item i1 already has the answer a, now b"
        ),
        ("item_id,answer\ni1\n", nil, "ref: line 2: field answer: missing"),
        ("item_id,answer\ni1,\n", nil, "ref: line 2: field answer: empty"),
        ("item_id,answer\ni1,\"a\n", nil, "ref: line 2: field answer: a quoted field is never closed"),
        ("item_id,answer\ni\"1,a\n", nil, "ref: line 2: field item_id: a stray quote"),
        ("id,label\ni1,a\n", true, "ref: line 1: the CSV header must begin item_id,answer"),
        ("\n\n", nil, "ref: no reference answers"),
        ("item_id,answer\n", nil, "ref: no reference answers"),
    ]

    @Test("a bad line is an error naming the line and the field", arguments: badLines)
    func bad(_ badCase: (String, Bool?, String)) {
        do {
            _ = try Self.parse(badCase.0, csv: badCase.1)
            Issue.record("accepted \(badCase.0.debugDescription)")
        } catch {
            #expect(error.description.hasPrefix(badCase.2), "\(error.description)")
        }
    }

    @Test("a file that cannot be read")
    func unreadable() {
        #expect(throws: EvaluationError.unreadable("/nonexistent/ref.jsonl")) { try ReferenceAnswers(path: "/nonexistent/ref.jsonl") }
    }
}
