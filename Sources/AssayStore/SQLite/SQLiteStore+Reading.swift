import AssayModel
import GRDB

extension SQLiteStore {
    /// The columns ``decodeRating(_:)`` reads, joined with annotator and item ids.
    static let ratingSelect = """
        SELECT r.seq, r.batch_seq, r.rating_id, a.annotator_id, i.item_id, r.kind, r.submitted_at_ms, r.duration_ms,
               r.answer, r.shown_order, r.gold, r.meta, r.content_sha256
        FROM ratings r JOIN annotators a ON a.seq = r.annotator_seq JOIN items i ON i.seq = r.item_seq
        """

    /// Rebuilds a rating from its stored columns through the same decoder that validated it,
    /// so a row edited behind Assay's back either fails to decode or gets a different digest.
    static func decodeRating(_ row: Row) throws -> StoredRating {
        let ratingID: String = row[2]
        guard let kind = RatingKind(code: UInt8(truncatingIfNeeded: row[5] as Int64)) else {
            throw StoreError.notFound(what: "rating kind", name: "\(row[5] as Int64) (rating \(ratingID))")
        }
        var members: [(key: String, value: JSONValue)] = [
            ("rating_id", .string(ratingID)),
            ("annotator_id", .string(row[3])),
            ("item_id", .string(row[4])),
            ("kind", .string(kind.rawValue)),
            ("submitted_at", .string(Timestamp(millisecondsSinceEpoch: row[6]).description)),
        ]
        if let duration: Int64 = row[7] { members.append(("duration_ms", .number(Double(duration)))) }
        let answer: String = row[8]
        if case .object(let answerMembers) = try JSONParser.parse(answer) { members.append(contentsOf: answerMembers) }
        if let text: String = row[9] { members.append(("shown_order", try JSONParser.parse(text))) }
        if let text: String = row[10] { members.append(("gold", try JSONParser.parse(text))) }
        if let text: String = row[11] { members.append(("meta", try JSONParser.parse(text))) }
        let rating = try RatingDecoder.decode(.object(members), lineNumber: nil)
        return StoredRating(sequence: row[0], batchSequence: row[1], rating: rating, contentSHA256: row[12])
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
