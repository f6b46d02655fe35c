import AssayCrypto

/// One candidate response of an item.
public struct Response: Sendable, Equatable, Hashable {
    /// Id unique within the item.
    public let id: String
    /// The response text shown to annotators.
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// What was judged: one prompt with its candidate responses in canonical order.
///
/// Items are immutable once stored: a later rating may omit `prompt`/`responses`, and if it
/// repeats them they must be identical (contract v1).
public struct Item: Sendable, Equatable {
    public let id: String
    public let prompt: String
    public let responses: [Response]

    public init(id: String, prompt: String, responses: [Response]) {
        self.id = id
        self.prompt = prompt
        self.responses = responses
    }

    /// Position of a response id in the canonical order.
    public func position(of responseID: String) -> Int? {
        responses.firstIndex { $0.id == responseID }
    }

    /// The ids in canonical order.
    public var responseIDs: [String] { responses.map(\.id) }

    /// The canonical JSON of the item's content (`prompt`, `responses`), the input of ``contentDigest``.
    public var canonicalJSON: String {
        CanonicalJSON.encode(
            .object([
                ("item_id", .string(id)),
                ("prompt", .string(prompt)),
                ("responses", .array(responses.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) })),
            ]))
    }

    /// SHA-256 of ``canonicalJSON``: two items with the same id and texts have the same digest.
    public var contentDigest: SHA256Digest { SHA256Digest.hash(canonicalJSONBytes) }

    /// The bytes of ``canonicalJSON``, written directly (keys in their fixed sorted order)
    /// rather than through a JSON tree; `CanonicalContentTests` holds the two equal.
    public var canonicalJSONBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + prompt.utf8.count + responses.reduce(0) { $0 + $1.text.utf8.count + 24 })
        out.append(contentsOf: #"{"item_id":"#.utf8)
        CanonicalJSON.appendString(id, to: &out)
        out.append(contentsOf: #","prompt":"#.utf8)
        CanonicalJSON.appendString(prompt, to: &out)
        out.append(contentsOf: #","responses":["#.utf8)
        for (position, response) in responses.enumerated() {
            out.append(contentsOf: (position == 0 ? #"{"id":"# : #",{"id":"#).utf8)
            CanonicalJSON.appendString(response.id, to: &out)
            out.append(contentsOf: #","text":"#.utf8)
            CanonicalJSON.appendString(response.text, to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "]}".utf8)
        return out
    }
}
