/// An item with the hex SHA-256 of its canonical content (``Item/contentDigest``), computed once.
public struct DigestedItem: Sendable, Equatable {
    public let item: Item
    public let digest: String

    public init(_ item: Item) {
        self.item = item
        digest = item.contentDigest.hex
    }

    public init(item: Item, digest: String) {
        self.item = item
        self.digest = digest
    }
}
