/// Turns one JSON object into a ``Rating``, enforcing every self-contained rule of the
/// rating contract v1: required fields, types, id lengths, the answer fields of the kind
/// (and no answer field of another kind), scales, timestamps, and unknown fields.
///
/// Unknown top-level fields are rejected (not ignored): a misspelt `choise` would otherwise
/// lose the answer silently. Platform-specific data belongs in `meta`.
public enum RatingDecoder {
    /// Every top-level field the contract defines.
    public static let knownFields: Set<String> = [
        "rating_id", "annotator_id", "item_id", "kind", "prompt", "responses", "shown_order", "choice", "strength",
        "ranking", "scores", "scale", "attribute", "submitted_at", "duration_ms", "gold", "meta",
    ]

    /// The answer fields and the kind they belong to.
    private static let answerFields: [(field: String, kind: RatingKind)] = [
        ("choice", .pairwise), ("strength", .pairwise), ("ranking", .ranking), ("scores", .score), ("scale", .score),
        ("attribute", .score),
    ]

    /// The longest id the contract allows.
    public static let maximumIDLength = 128

    /// Parses and decodes one JSON Lines record.
    ///
    /// Valid records take ``RatingFastDecoder``'s single pass; anything it does not accept is
    /// decided here, by the parser and ``decode(_:lineNumber:)``, which name the error.
    public static func decode(line bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int?) throws(RatingError) -> Rating {
        if let rating = RatingFastDecoder.decode(bytes) { return rating }
        return try decodeReference(line: bytes, lineNumber: lineNumber)
    }

    /// The reference path for one JSON Lines record: parse to a ``JSONValue``, then decode.
    static func decodeReference(line bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int?) throws(RatingError) -> Rating {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw RatingError(line: lineNumber, field: nil, reason: "not valid JSON: \(error.description)")
        }
        return try decode(value, lineNumber: lineNumber)
    }

    /// Decodes one parsed JSON value.
    public static func decode(_ value: JSONValue, lineNumber: Int?) throws(RatingError) -> Rating {
        guard case .object(let members) = value else {
            throw RatingError(line: lineNumber, field: nil, reason: "a rating must be a JSON object, got \(value.typeDescription)")
        }
        // The rating_id first, so every later error can name it.
        let ratingID = (members.first { $0.key == "rating_id" }?.value).flatMap(\.stringValue)
        do {
            return try decodeObject(members, value)
        } catch var error {
            error.line = lineNumber
            if error.ratingID == nil, let ratingID, !ratingID.isEmpty, ratingID.count <= maximumIDLength {
                error.ratingID = ratingID
            }
            throw error
        }
    }

    private static func decodeObject(
        _ members: [(key: String, value: JSONValue)], _ object: JSONValue
    ) throws(RatingError) -> Rating {
        for member in members where !knownFields.contains(member.key) {
            throw .field(member.key, "unknown field; the contract v1 fields are fixed, put platform data in \"meta\"")
        }
        let ratingID = try requiredID(object, "rating_id")
        let annotatorID = try requiredID(object, "annotator_id")
        let itemID = try requiredID(object, "item_id")
        let kindText = try requiredString(object, "kind")
        guard let kind = RatingKind(rawValue: kindText) else {
            throw .field("kind", "must be \"pairwise\", \"ranking\" or \"score\", got \"\(kindText)\"")
        }
        for (field, owner) in answerFields where owner != kind && object[field] != nil {
            throw .field(field, "\"\(field)\" belongs to \(owner.rawValue) ratings, not to a \(kind.rawValue) rating")
        }
        let submittedText = try requiredString(object, "submitted_at")
        guard let submittedAt = Timestamp(rfc3339: submittedText) else {
            throw .field("submitted_at", "\"\(submittedText)\" is not an RFC 3339 timestamp (e.g. 2026-11-20T10:00:00Z)")
        }
        let prompt = try optionalString(object, "prompt")
        let responses = try decodeResponses(object["responses"], kind: kind)
        let shownOrder = try optionalIDArray(object, "shown_order")
        let answer = try decodeAnswer(object, kind: kind)
        let durationMs = try decodeDuration(object["duration_ms"])
        let gold = try decodeGold(object["gold"], answer: answer)
        var meta: JSONValue?
        if let value = object["meta"] {
            guard case .object = value else { throw .field("meta", "must be an object, got \(value.typeDescription)") }
            meta = value
        }
        return Rating(
            ratingID: ratingID, annotatorID: annotatorID, itemID: itemID, kind: kind, prompt: prompt,
            responses: responses, shownOrder: shownOrder, answer: answer, submittedAt: submittedAt,
            durationMs: durationMs, gold: gold, meta: meta)
    }

    // MARK: Field readers

    private static func requiredString(_ object: JSONValue, _ field: String) throws(RatingError) -> String {
        guard let value = object[field] else { throw .field(field, "is required") }
        guard case .string(let string) = value else { throw .field(field, "must be a string, got \(value.typeDescription)") }
        return string
    }

    private static func optionalString(_ object: JSONValue, _ field: String) throws(RatingError) -> String? {
        guard let value = object[field] else { return nil }
        guard case .string(let string) = value else { throw .field(field, "must be a string, got \(value.typeDescription)") }
        return string
    }

    private static func checkID(_ id: String, _ field: String) throws(RatingError) {
        guard !id.isEmpty else { throw .field(field, "must not be empty") }
        let length = id.count
        guard length <= maximumIDLength else {
            throw .field(field, "is \(length) characters long; at most \(maximumIDLength) are allowed")
        }
    }

    private static func requiredID(_ object: JSONValue, _ field: String) throws(RatingError) -> String {
        let id = try requiredString(object, field)
        try checkID(id, field)
        return id
    }

    private static func optionalIDArray(_ object: JSONValue, _ field: String) throws(RatingError) -> [String]? {
        guard let value = object[field] else { return nil }
        return try idArray(value, field)
    }

    private static func idArray(_ value: JSONValue, _ field: String) throws(RatingError) -> [String] {
        guard case .array(let elements) = value else {
            throw .field(field, "must be an array of response ids, got \(value.typeDescription)")
        }
        var ids: [String] = []
        ids.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            guard case .string(let id) = element else {
                throw .field(field, "element \(position + 1) must be a response id string, got \(element.typeDescription)")
            }
            ids.append(id)
        }
        return ids
    }

    private static func decodeResponses(_ value: JSONValue?, kind: RatingKind) throws(RatingError) -> [Response]? {
        guard let value else { return nil }
        guard case .array(let elements) = value else {
            throw .field("responses", "must be an array of {\"id\", \"text\"} objects, got \(value.typeDescription)")
        }
        var responses: [Response] = []
        var seen: Set<String> = []
        for (position, element) in elements.enumerated() {
            guard case .object(let members) = element else {
                throw .field("responses", "element \(position + 1) must be an object with \"id\" and \"text\"")
            }
            for member in members where member.key != "id" && member.key != "text" {
                throw .field("responses", "element \(position + 1) has unknown field \"\(member.key)\"")
            }
            guard case .string(let id)? = element["id"] else {
                throw .field("responses", "element \(position + 1) needs an \"id\" string")
            }
            guard case .string(let text)? = element["text"] else {
                throw .field("responses", "element \(position + 1) needs a \"text\" string")
            }
            guard !id.isEmpty, id.count <= maximumIDLength else {
                throw .field("responses", "element \(position + 1): id must be 1–\(maximumIDLength) characters")
            }
            guard seen.insert(id).inserted else {
                throw .field("responses", "response id \"\(id)\" appears twice; ids must be unique within the item")
            }
            responses.append(Response(id: id, text: text))
        }
        guard kind.allowedResponseCounts.contains(responses.count) else {
            throw .field(
                "responses",
                "a \(kind.rawValue) item needs \(kind.responseCountRule) responses, got \(responses.count)")
        }
        return responses
    }

    private static func decodeAnswer(_ object: JSONValue, kind: RatingKind) throws(RatingError) -> Answer {
        switch kind {
        case .pairwise:
            let choice = try requiredString(object, "choice")
            guard !choice.isEmpty else { throw .field("choice", "must be a response id or \"tie\", got an empty string") }
            var strength: Double?
            if let value = object["strength"] {
                guard case .number(let number) = value else {
                    throw .field("strength", "must be a number in [0, 1], got \(value.typeDescription)")
                }
                guard (0...1).contains(number) else {
                    throw .field("strength", "must lie in [0, 1], got \(CanonicalJSON.numberText(number))")
                }
                strength = number
            }
            return .pairwise(choice: PairwiseChoice(contractValue: choice), strength: strength)
        case .ranking:
            guard let value = object["ranking"] else { throw .field("ranking", "is required for a ranking rating") }
            let ids = try idArray(value, "ranking")
            guard ids.count >= 2 else { throw .field("ranking", "must rank at least 2 responses, got \(ids.count)") }
            if let duplicate = firstDuplicate(ids) {
                throw .field("ranking", "response id \"\(duplicate)\" appears twice; a ranking is a permutation")
            }
            return .ranking(ids)
        case .score:
            guard let scaleValue = object["scale"] else { throw .field("scale", "is required for a score rating") }
            let scale = try decodeScale(scaleValue)
            guard let scoresValue = object["scores"] else { throw .field("scores", "is required for a score rating") }
            let scores = try decodeScores(scoresValue, field: "scores", scale: scale)
            let attribute = try optionalString(object, "attribute") ?? "overall"
            guard !attribute.isEmpty, attribute.count <= maximumIDLength else {
                throw .field("attribute", "must be 1–\(maximumIDLength) characters")
            }
            return .score(scores: scores, scale: scale, attribute: attribute)
        }
    }

    private static func decodeScale(_ value: JSONValue) throws(RatingError) -> ScoreScale {
        guard case .array(let bounds) = value, bounds.count == 2, case .number(let low) = bounds[0],
            case .number(let high) = bounds[1]
        else {
            throw .field("scale", "must be [min, max], two numbers")
        }
        guard low < high else {
            throw .field("scale", "min must be below max, got [\(CanonicalJSON.numberText(low)), \(CanonicalJSON.numberText(high))]")
        }
        return ScoreScale(min: low, max: high)
    }

    private static func decodeScores(_ value: JSONValue, field: String, scale: ScoreScale?) throws(RatingError) -> [ResponseScore] {
        guard case .object(let members) = value else {
            throw .field(field, "must be an object mapping response id to number, got \(value.typeDescription)")
        }
        guard !members.isEmpty else { throw .field(field, "must score at least one response") }
        var scores: [ResponseScore] = []
        for member in members {
            guard case .number(let score) = member.value else {
                throw .field(field, "score of \"\(member.key)\" must be a number, got \(member.value.typeDescription)")
            }
            if let scale, !scale.contains(score) {
                throw .field(
                    field,
                    "score \(CanonicalJSON.numberText(score)) of \"\(member.key)\" lies outside the scale "
                        + "[\(CanonicalJSON.numberText(scale.min)), \(CanonicalJSON.numberText(scale.max))]")
            }
            scores.append(ResponseScore(responseID: member.key, score: score))
        }
        scores.sort { $0.responseID.utf8.lexicographicallyPrecedes($1.responseID.utf8) }
        return scores
    }

    private static func decodeDuration(_ value: JSONValue?) throws(RatingError) -> Int64? {
        guard let value else { return nil }
        guard case .number(let number) = value, number == number.rounded(), abs(number) < 9e15 else {
            throw .field(
                "duration_ms",
                "must be a whole number of milliseconds, got \(value.typeDescription == "a number" ? "a fraction" : value.typeDescription)")
        }
        guard number >= 0 else { throw .field("duration_ms", "must be ≥ 0, got \(Int64(number))") }
        return Int64(number)
    }

    static func decodeGold(_ value: JSONValue?, answer: Answer) throws(RatingError) -> GoldAnswer? {
        guard let value else { return nil }
        switch answer {
        case .pairwise:
            guard case .string(let choice) = value, !choice.isEmpty else {
                throw .field("gold", "a pairwise gold answer is a response id or \"tie\", got \(value.typeDescription)")
            }
            return .pairwise(PairwiseChoice(contractValue: choice))
        case .ranking:
            let ids = try idArray(value, "gold")
            if let duplicate = firstDuplicate(ids) {
                throw .field("gold", "response id \"\(duplicate)\" appears twice in the gold ranking")
            }
            return .ranking(ids)
        case .score(_, let scale, _):
            return .score(try decodeScores(value, field: "gold", scale: scale))
        }
    }

    private static func firstDuplicate(_ ids: [String]) -> String? {
        var seen: Set<String> = []
        for id in ids where !seen.insert(id).inserted { return id }
        return nil
    }
}
