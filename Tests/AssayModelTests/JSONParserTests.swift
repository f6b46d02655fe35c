import AssayModel
import Testing

@Suite("Strict JSON parser")
struct JSONParserTests {
    @Test("parses values, escapes and surrogate pairs")
    func parses() throws {
        let value = try JSONParser.parse(#"{"a":[1,-2.5e3,true,false,null],"b":"x\"\\\/\n\u00e9\ud83d\ude00","c":{}}"#)
        #expect(value["a"] == .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]))
        #expect(value["b"] == .string("x\"\\/\n\u{e9}\u{1F600}"))
        #expect(value["c"] == .object([]))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        let text: String
        let reason: String
        var testDescription: String { reason }
    }

    static let bad: [Bad] = [
        .init(text: "", reason: "unexpected end of input"),
        .init(text: "{\"a\":1,}", reason: "expected a member name in double quotes"),
        .init(text: "[1,]", reason: "unexpected character ']'"),
        .init(text: "{\"a\":1 \"b\":2}", reason: "expected ',' or '}' in an object"),
        .init(text: "01", reason: "leading zero in a number"),
        .init(text: "NaN", reason: "unexpected character 'N'"),
        .init(text: "1.", reason: "expected a digit after '.'"),
        .init(text: "\"a\u{01}\"", reason: "unescaped control character in a string"),
        .init(text: "\"\\x\"", reason: "invalid escape '\\x'"),
        .init(text: "\"\\ud800\"", reason: "lone high surrogate in \\u escape"),
        .init(text: "\"\\udc00\"", reason: "lone low surrogate in \\u escape"),
        .init(text: "{\"a\":1,\"a\":2}", reason: "duplicate member \"a\""),
        .init(text: "[1] [2]", reason: "unexpected content after the JSON value"),
        .init(text: "1e999", reason: "number out of range"),
        .init(text: String(repeating: "[", count: 65) + String(repeating: "]", count: 65), reason: "nesting deeper than 64 levels"),
        .init(text: "\"abc", reason: "unterminated string"),
    ]

    @Test("refuses malformed input with a reason", arguments: bad)
    func refuses(_ bad: Bad) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bad.text) }
        do {
            _ = try JSONParser.parse(bad.text)
        } catch {
            #expect(error.reason == bad.reason)
        }
    }

    @Test("refuses invalid UTF-8 inside strings")
    func invalidUTF8() {
        let bytes: [UInt8] = Array("\"ab".utf8) + [0xC3, 0x28] + Array("\"".utf8)
        #expect(throws: JSONParseError(offset: 1, reason: "string is not valid UTF-8")) { try JSONParser.parse(bytes) }
    }

    @Test("canonical encoding sorts keys by UTF-16 and writes numbers minimally")
    func canonical() throws {
        let value = try JSONParser.parse(#"{"b":1.50,"a":[2.0,1e2,-0.25],"é":"\u0007","A":"q\"t"}"#)
        #expect(CanonicalJSON.encode(value) == #"{"A":"q\"t","a":[2,100,-0.25],"b":1.5,"é":"\u0007"}"#)
    }
}
