import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    /// Loads a stored item with its texts.
    static func loadItem(_ db: Database, itemID: String) throws -> (sequence: Int64, item: Item, digest: String)? {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT i.seq, t.body, i.content_sha256 FROM items i JOIN texts t ON t.seq = i.prompt_text WHERE i.item_id = ?"),
                arguments: [itemID])
        else { return nil }
        let sequence: Int64 = row[0]
        let responses = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT r.response_id, t.body FROM item_responses r JOIN texts t ON t.seq = r.text_seq
                    WHERE r.item_seq = ? ORDER BY r.position
                    """),
            arguments: [sequence]
        ).map { Response(id: $0[0], text: $0[1]) }
        return (sequence, Item(id: itemID, prompt: row[1], responses: responses), row[2])
    }

    /// Every item rated up to `watermark`, with its texts, in item-id order: one joined query.
    public func items(upTo watermark: Int64) throws -> [Item] {
        try pool.read { db in
            var items: [Item] = []
            var currentID: String?
            var prompt = ""
            var responses: [Response] = []
            let cursor = try Row.fetchCursor(
                db,
                sql: """
                    SELECT i.item_id, p.body, r.response_id, t.body
                    FROM items i
                    JOIN texts p ON p.seq = i.prompt_text
                    JOIN item_responses r ON r.item_seq = i.seq
                    JOIN texts t ON t.seq = r.text_seq
                    WHERE i.seq IN (SELECT DISTINCT item_seq FROM ratings WHERE seq <= ?)
                    ORDER BY i.item_id, r.position
                    """,
                arguments: [watermark])
            while let row = try cursor.next() {
                let id: String = row[0]
                if id != currentID {
                    if let currentID { items.append(Item(id: currentID, prompt: prompt, responses: responses)) }
                    currentID = id
                    prompt = row[1]
                    responses = []
                }
                responses.append(Response(id: row[2], text: row[3]))
            }
            if let currentID { items.append(Item(id: currentID, prompt: prompt, responses: responses)) }
            return items
        }
    }
}
