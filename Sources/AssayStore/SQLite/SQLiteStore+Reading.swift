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
    struct CorruptRating: Error, CustomStringConvertible {
        let ratingID: String
        let reason: String

        var description: String { "rating \(ratingID): \(reason)" }
    }

    /// Rebuilds a rating from its canonical content through the same decoder that validated
    /// it, and checks the row against itself: the content must hash to `content_sha256` and
    /// agree with the key columns. A row edited behind Assay's back fails here.
    static func decodeRating(_ row: Row) throws -> StoredRating {
        let content: String = row[2]
        let digest: String = row[3]
        let ratingID: String = row[4]
        guard SHA256Digest.hash(content).hex == digest else {
            throw CorruptRating(ratingID: ratingID, reason: "its content does not match its sha256")
        }
        let rating: Rating
        do {
            rating = try RatingDecoder.decode(try JSONParser.parse(content), lineNumber: nil)
        } catch {
            throw CorruptRating(ratingID: ratingID, reason: "its stored content no longer decodes: \(error)")
        }
        let durationColumn: Int64? = row[9]
        guard rating.ratingID == ratingID, rating.annotatorID == (row[5] as String), rating.itemID == (row[6] as String),
            Int64(rating.kind.code) == (row[7] as Int64), rating.submittedAt.millisecondsSinceEpoch == (row[8] as Int64),
            rating.durationMs == durationColumn
        else {
            throw CorruptRating(ratingID: ratingID, reason: "its key columns disagree with its content")
        }
        return StoredRating(sequence: row[0], batchSequence: row[1], rating: rating, contentSHA256: digest)
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
