/// The hot path of ``RatingDecoder/decode(line:lineNumber:)``: one pass over a JSON Lines
/// record straight into a ``Rating``, with no intermediate ``JSONValue`` tree for the fields
/// the contract types (only `gold` and `meta`, free-form by contract, are parsed as values).
///
/// It accepts exactly what the reference path (``JSONParser`` then
/// ``RatingDecoder/decode(_:lineNumber:)``) accepts and produces the same ``Rating``; on
/// anything out of the ordinary — invalid JSON, an unknown or repeated member, a type or value
/// the contract refuses, an escaped member name — it returns `nil` and the caller takes the
/// reference path, which produces the exact error. So error messages have one source, and a
/// differential test (`RatingFastDecoderTests`) holds the two paths to the same results.
enum RatingFastDecoder {
    /// The record's rating, or `nil` when the reference path must decide.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Rating? {
        var reader = Reader(parser: JSONParser(bytes: bytes))
        do {
            return try reader.rating()
        } catch {
            return nil
        }
    }
}

/// Why the fast path gave up; the reference path says what is wrong.
private struct Fallback: Error {}

/// The contract's top-level members, as bits of a "seen" mask.
private enum Field: Int {
    case ratingID, annotatorID, itemID, kind, prompt, responses, shownOrder, choice, strength, ranking, scores, scale
    case attribute, submittedAt, durationMs, gold, meta

    static let names: [(name: StaticString, field: Field)] = [
        ("rating_id", .ratingID), ("annotator_id", .annotatorID), ("item_id", .itemID), ("kind", .kind),
        ("prompt", .prompt), ("responses", .responses), ("shown_order", .shownOrder), ("choice", .choice),
        ("strength", .strength), ("ranking", .ranking), ("scores", .scores), ("scale", .scale),
        ("attribute", .attribute), ("submitted_at", .submittedAt), ("duration_ms", .durationMs), ("gold", .gold),
        ("meta", .meta),
    ]

    var bit: UInt32 { 1 << UInt32(rawValue) }

    /// The field a member name (raw bytes, no escapes) names, if the contract has it.
    static func named(_ key: UnsafeBufferPointer<UInt8>) -> Field? {
        for entry in names where Self.equal(entry.name, key) { return entry.field }
        return nil
    }

    static func equal(_ name: StaticString, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard name.utf8CodeUnitCount == key.count else { return false }
        let start = name.utf8Start
        for offset in 0..<key.count where start[offset] != key[offset] { return false }
        return true
    }
}

private struct Reader {
    var parser: JSONParser

    private var bytes: UnsafeBufferPointer<UInt8> { parser.bytes }

    private mutating func byte() throws(Fallback) -> UInt8 {
        parser.skipWhitespace()
        guard parser.index < bytes.count else { throw Fallback() }
        return bytes[parser.index]
    }

    private mutating func expect(_ expected: UInt8) throws(Fallback) {
        guard try byte() == expected else { throw Fallback() }
        parser.index += 1
    }

    /// After an element: true if another follows (`,`), false at `close`.
    private mutating func more(close: UInt8) throws(Fallback) -> Bool {
        let next = try byte()
        parser.index += 1
        if next == UInt8(ascii: ",") { return true }
        guard next == close else { throw Fallback() }
        return false
    }

    /// True (and consumed) if the container closes right away.
    private mutating func closesEmpty(_ close: UInt8) throws(Fallback) -> Bool {
        guard try byte() == close else { return false }
        parser.index += 1
        return true
    }

    private mutating func string() throws(Fallback) -> String {
        guard try byte() == UInt8(ascii: "\"") else { throw Fallback() }
        do {
            return try parser.parseString()
        } catch {
            throw Fallback()
        }
    }

    private mutating func number() throws(Fallback) -> Double {
        let first = try byte()
        guard first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { throw Fallback() }
        do {
            return try parser.parseNumber()
        } catch {
            throw Fallback()
        }
    }

    /// A free-form value (`gold`, `meta`), parsed as the reference path parses a top-level member.
    private mutating func value() throws(Fallback) -> JSONValue {
        _ = try byte()
        do {
            return try parser.parseValue(depth: 1)
        } catch {
            throw Fallback()
        }
    }

    /// A member name without escapes, as raw bytes, and the `:` after it.
    private mutating func memberName() throws(Fallback) -> UnsafeBufferPointer<UInt8> {
        guard try byte() == UInt8(ascii: "\"") else { throw Fallback() }
        let start = parser.index + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            // Escapes and control characters: the reference parser decides.
            guard bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 else { throw Fallback() }
            end += 1
        }
        guard end < bytes.count else { throw Fallback() }
        parser.index = end + 1
        try expect(UInt8(ascii: ":"))
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    private mutating func strings() throws(Fallback) -> [String] {
        try expect(UInt8(ascii: "["))
        var values: [String] = []
        if try closesEmpty(UInt8(ascii: "]")) { return values }
        repeat { values.append(try string()) } while try more(close: UInt8(ascii: "]"))
        return values
    }

    private mutating func responses() throws(Fallback) -> [Response] {
        try expect(UInt8(ascii: "["))
        var responses: [Response] = []
        if try closesEmpty(UInt8(ascii: "]")) { return responses }
        repeat {
            try expect(UInt8(ascii: "{"))
            var id: String?
            var text: String?
            if try !closesEmpty(UInt8(ascii: "}")) {
                repeat {
                    let name = try memberName()
                    if name.count == 2, name[0] == UInt8(ascii: "i"), name[1] == UInt8(ascii: "d"), id == nil {
                        id = try string()
                    } else if Field.equal("text", name), text == nil {
                        text = try string()
                    } else {
                        throw Fallback()
                    }
                } while try more(close: UInt8(ascii: "}"))
            }
            guard let id, let text else { throw Fallback() }
            responses.append(Response(id: id, text: text))
        } while try more(close: UInt8(ascii: "]"))
        return responses
    }

    private mutating func scores() throws(Fallback) -> [ResponseScore] {
        try expect(UInt8(ascii: "{"))
        var scores: [ResponseScore] = []
        if try closesEmpty(UInt8(ascii: "}")) { return scores }
        repeat {
            let id = try string()
            try expect(UInt8(ascii: ":"))
            // A repeated response id is a JSON error (duplicate member): the reference path reports it.
            guard !scores.contains(where: { $0.responseID == id }) else { throw Fallback() }
            scores.append(ResponseScore(responseID: id, score: try number()))
        } while try more(close: UInt8(ascii: "}"))
        return scores
    }

    private mutating func scale() throws(Fallback) -> ScoreScale {
        try expect(UInt8(ascii: "["))
        let low = try number()
        try expect(UInt8(ascii: ","))
        let high = try number()
        try expect(UInt8(ascii: "]"))
        guard low < high else { throw Fallback() }
        return ScoreScale(min: low, max: high)
    }

    mutating func rating() throws(Fallback) -> Rating {
        try expect(UInt8(ascii: "{"))
        var seen: UInt32 = 0
        var ratingID: String?
        var annotatorID: String?
        var itemID: String?
        var kindText: String?
        var submitted: String?
        var prompt: String?
        var choice: String?
        var attribute: String?
        var responses: [Response]?
        var shownOrder: [String]?
        var ranking: [String]?
        var strength: Double?
        var duration: Double?
        var scores: [ResponseScore]?
        var scale: ScoreScale?
        var gold: JSONValue?
        var meta: JSONValue?
        if try !closesEmpty(UInt8(ascii: "}")) {
            repeat {
                guard let field = Field.named(try memberName()), seen & field.bit == 0 else { throw Fallback() }
                seen |= field.bit
                switch field {
                case .ratingID: ratingID = try string()
                case .annotatorID: annotatorID = try string()
                case .itemID: itemID = try string()
                case .kind: kindText = try string()
                case .prompt: prompt = try string()
                case .responses: responses = try self.responses()
                case .shownOrder: shownOrder = try strings()
                case .choice: choice = try string()
                case .strength: strength = try number()
                case .ranking: ranking = try strings()
                case .scores: scores = try self.scores()
                case .scale: scale = try self.scale()
                case .attribute: attribute = try string()
                case .submittedAt: submitted = try string()
                case .durationMs: duration = try number()
                case .gold: gold = try value()
                case .meta: meta = try value()
                }
            } while try more(close: UInt8(ascii: "}"))
        }
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw Fallback() }

        guard let ratingID, let annotatorID, let itemID, let kindText, let submitted,
            let kind = RatingKind(rawValue: kindText), let submittedAt = Timestamp(rfc3339: submitted)
        else { throw Fallback() }
        try Self.checkID(ratingID)
        try Self.checkID(annotatorID)
        try Self.checkID(itemID)

        let answer: Answer
        switch kind {
        case .pairwise:
            guard ranking == nil, scores == nil, scale == nil, attribute == nil, let choice, !choice.isEmpty else { throw Fallback() }
            if let strength, !(0...1).contains(strength) { throw Fallback() }
            answer = .pairwise(choice: PairwiseChoice(contractValue: choice), strength: strength)
        case .ranking:
            guard choice == nil, strength == nil, scores == nil, scale == nil, attribute == nil, let ranking,
                ranking.count >= 2, Set(ranking).count == ranking.count
            else { throw Fallback() }
            answer = .ranking(ranking)
        case .score:
            guard choice == nil, strength == nil, ranking == nil, let scale, var scores, !scores.isEmpty else { throw Fallback() }
            for score in scores where !scale.contains(score.score) { throw Fallback() }
            scores.sort { $0.responseID.utf8.lexicographicallyPrecedes($1.responseID.utf8) }
            let attribute = attribute ?? "overall"
            try Self.checkID(attribute)
            answer = .score(scores: scores, scale: scale, attribute: attribute)
        }
        if let responses {
            guard kind.allowedResponseCounts.contains(responses.count) else { throw Fallback() }
            for (position, response) in responses.enumerated() {
                try Self.checkID(response.id)
                guard !responses[..<position].contains(where: { $0.id == response.id }) else { throw Fallback() }
            }
        }
        var durationMs: Int64?
        if let duration {
            guard duration == duration.rounded(), abs(duration) < 9e15, duration >= 0 else { throw Fallback() }
            durationMs = Int64(duration)
        }
        var goldAnswer: GoldAnswer?
        if let gold {
            do {
                goldAnswer = try RatingDecoder.decodeGold(gold, answer: answer)
            } catch {
                throw Fallback()
            }
        }
        if let meta {
            guard case .object = meta else { throw Fallback() }
        }
        return Rating(
            ratingID: ratingID, annotatorID: annotatorID, itemID: itemID, kind: kind, prompt: prompt,
            responses: responses, shownOrder: shownOrder, answer: answer, submittedAt: submittedAt,
            durationMs: durationMs, gold: goldAnswer, meta: meta)
    }

    /// Ids are 1–128 characters (``RatingDecoder/maximumIDLength``); counting characters only
    /// when the UTF-8 length leaves it open.
    private static func checkID(_ id: String) throws(Fallback) {
        let bytes = id.utf8.count
        guard bytes > 0 else { throw Fallback() }
        if bytes > RatingDecoder.maximumIDLength, id.count > RatingDecoder.maximumIDLength { throw Fallback() }
    }
}
