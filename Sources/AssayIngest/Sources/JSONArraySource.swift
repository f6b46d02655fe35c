import AssayModel

/// Contract-v1 ratings as one JSON array (an `application/json` HTTP body).
///
/// The whole body is the raw input of the batch: it is attached to the first record.
public struct JSONArraySource: RecordSource {
    private var elements: [JSONValue]
    private var index = 0
    private var body: [UInt8]
    private var failure: RatingError?
    public let origin: String

    public init(body: [UInt8], origin: String) {
        self.body = body
        self.origin = origin
        do {
            let value = try JSONParser.parse(body)
            guard case .array(let elements) = value else {
                failure = RatingError(field: nil, reason: "the body must be a JSON array of ratings, got \(value.typeDescription)")
                self.elements = []
                return
            }
            self.elements = elements
        } catch {
            failure = RatingError(field: nil, reason: "the body is not valid JSON: \(error.description)")
            elements = []
        }
    }

    public mutating func next() throws -> SourceRecord? {
        if let failure {
            self.failure = nil
            defer { body = [] }
            return SourceRecord(line: 1, payload: .unreadable(failure), raw: body)
        }
        guard index < elements.count else { return nil }
        defer { index += 1 }
        let raw = index == 0 ? body : []
        if index == 0 { body = [] }
        return SourceRecord(line: index + 1, payload: .json(elements[index]), raw: raw)
    }
}
