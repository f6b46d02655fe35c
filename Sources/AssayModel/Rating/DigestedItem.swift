import AssayCrypto

/// An item with the hex SHA-256 of its canonical content (``Item/contentDigest``), computed once.
public struct DigestedItem: Sendable, Equatable {
    public let item: Item
    public let digest: String
    /// Hex SHA-256 of the prompt, then of each response text (the keys texts are stored under),
    /// when computed ahead of the store write (``init(_:)``); `nil` for an item read back from the store.
    public let textDigests: [String]?

    /// Digests a new item: its content and each of its texts.
    public init(_ item: Item) {
        self.item = item
        digest = item.contentDigest.hex
        var texts = [SHA256Digest.hash(item.prompt).hex]
        texts.reserveCapacity(item.responses.count + 1)
        for response in item.responses { texts.append(SHA256Digest.hash(response.text).hex) }
        textDigests = texts
    }

    /// An item whose content digest is already known (read from the store).
    public init(item: Item, digest: String) {
        self.item = item
        self.digest = digest
        textDigests = nil
    }

    public static func == (lhs: DigestedItem, rhs: DigestedItem) -> Bool {
        lhs.item == rhs.item && lhs.digest == rhs.digest
    }
}
