import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    /// The columns ``decodeRating(_:)`` reads, with the annotator and item ids of the key columns.
    static let ratingSelect = """
        SELECT r.seq, r.batch_seq, r.content, r.content_sha256, r.rating_id, a.annotator_id, i.item_id, r.kind,
               r.submitted_at_ms, r.duration_ms
        FROM ratings r JOIN annotators a ON a.seq = r.annotator_seq JOIN items i ON i.seq = r.item_seq
        """

    /// Why a stored rating row does not check out.
    typealias CorruptRating = StoredRatingDecoder.CorruptRating

    /// Rebuilds a rating from a row of ``ratingSelect`` and checks the row against itself
    /// (``StoredRatingDecoder/decode(_:)``).
    static func decodeRating(_ row: Row) throws -> StoredRating {
        try StoredRatingDecoder.decode(
            StoredRatingDecoder.Row(
                sequence: row[0], batchSequence: row[1], content: row[2], contentSHA256: row[3], ratingID: row[4], annotatorID: row[5],
                itemID: row[6], kind: row[7], submittedAtMs: row[8], durationMs: row[9]))
    }

    public func forEachRating(upTo watermark: Int64, _ visit: (StoredRating) throws -> Void) throws {
        try pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: Self.ratingSelect + " WHERE r.seq <= ? ORDER BY r.seq", arguments: [watermark])
            while let row = try cursor.next() {
                try visit(try Self.decodeRating(row))
            }
        }
    }

    /// The highest rating sequence number stored (0 when empty).
    public func latestWatermark() throws -> Int64 {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) FROM ratings") ?? 0 }
    }
}
