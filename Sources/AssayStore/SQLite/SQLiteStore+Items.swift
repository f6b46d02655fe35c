import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    /// Loads a stored item with its texts.
    static func loadItem(_ db: Database, itemID: String) throws -> (sequence: Int64, item: Item, digest: String)? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT i.seq, t.body, i.content_sha256 FROM items i JOIN texts t ON t.seq = i.prompt_text WHERE i.item_id = ?",
                arguments: [itemID])
        else { return nil }
        let sequence: Int64 = row[0]
        let responses = try Row.fetchAll(
            db,
            sql: """
                SELECT r.response_id, t.body FROM item_responses r JOIN texts t ON t.seq = r.text_seq
                WHERE r.item_seq = ? ORDER BY r.position
                """,
            arguments: [sequence]
        ).map { Response(id: $0[0], text: $0[1]) }
        return (sequence, Item(id: itemID, prompt: row[1], responses: responses), row[2])
    }

    public func items(upTo watermark: Int64) throws -> [Item] {
        try pool.read { db in
            let ids = try String.fetchAll(
                db,
                sql: """
                    SELECT item_id FROM items WHERE seq IN (SELECT DISTINCT item_seq FROM ratings WHERE seq <= ?)
                    ORDER BY item_id
                    """,
                arguments: [watermark])
            return try ids.compactMap { try Self.loadItem(db, itemID: $0)?.item }
        }
    }
}
