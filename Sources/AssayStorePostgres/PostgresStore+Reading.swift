import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    /// The columns ``decodeRating(_:)`` reads, with the annotator and item ids of the key columns.
    static let ratingSelect = """
        SELECT r.seq, r.batch_seq, r.content, r.content_sha256, r.rating_id, a.annotator_id, i.item_id, r.kind,
               r.submitted_at_ms, r.duration_ms
        FROM ratings r JOIN annotators a ON a.seq = r.annotator_seq JOIN items i ON i.seq = r.item_seq
        """

    /// Rebuilds a rating from a row of ``ratingSelect`` (``StoredRatingDecoder``).
    static func decodeRating(_ row: PostgresRow) throws -> StoredRating {
        let (sequence, batch, content, digest, ratingID, annotatorID, itemID, kind, submitted, duration) = try row.decode(
            (Int64, Int64, String, String, String, String, String, Int64, Int64, Int64?).self)
        return try StoredRatingDecoder.decode(
            StoredRatingDecoder.Row(
                sequence: sequence, batchSequence: batch, content: content, contentSHA256: digest, ratingID: ratingID,
                annotatorID: annotatorID, itemID: itemID, kind: kind, submittedAtMs: submitted, durationMs: duration))
    }

    /// Pages through the ratings in sequence order (10,000 a query, in one snapshot), so memory
    /// stays flat however many there are.
    public func forEachRating(upTo watermark: Int64, _ visit: (StoredRating) throws -> Void) throws {
        try read { session in
            var after: Int64 = 0
            while after < watermark {
                let page = try session.rows(
                    "\(unescaped: Self.ratingSelect) WHERE r.seq > \(after) AND r.seq <= \(watermark) ORDER BY r.seq LIMIT 10000")
                if page.isEmpty { break }
                for row in page {
                    let rating = try Self.decodeRating(row)
                    after = rating.sequence
                    try visit(rating)
                }
            }
        }
    }

    public func latestWatermark() throws -> Int64 {
        try withSession { session in try session.row("SELECT COALESCE(MAX(seq), 0)::BIGINT FROM ratings")?.column(0) ?? 0 }
    }

    /// Every item rated up to `watermark`, with its texts, in item-id order (bytewise, as in SQLite).
    public func items(upTo watermark: Int64) throws -> [Item] {
        try read { session in
            var items: [Item] = []
            var currentID: String?
            var prompt = ""
            var responses: [Response] = []
            let rows = try session.rows(
                """
                SELECT i.item_id, p.body, r.response_id, t.body
                FROM items i
                JOIN texts p ON p.seq = i.prompt_text
                JOIN item_responses r ON r.item_seq = i.seq
                JOIN texts t ON t.seq = r.text_seq
                WHERE i.seq IN (SELECT DISTINCT item_seq FROM ratings WHERE seq <= \(watermark))
                ORDER BY i.item_id, r.position
                """)
            for row in rows {
                let (id, promptText, responseID, text) = try row.decode((String, String, String, String).self)
                if id != currentID {
                    if let currentID { items.append(Item(id: currentID, prompt: prompt, responses: responses)) }
                    currentID = id
                    prompt = promptText
                    responses = []
                }
                responses.append(Response(id: responseID, text: text))
            }
            if let currentID { items.append(Item(id: currentID, prompt: prompt, responses: responses)) }
            return items
        }
    }

    /// A stored item with its texts.
    static func loadItem(_ session: PostgresSession, itemID: String) throws -> DigestedItem? {
        guard
            let row = try session.row(
                "SELECT i.seq, t.body, i.content_sha256 FROM items i JOIN texts t ON t.seq = i.prompt_text WHERE i.item_id = \(itemID)")
        else { return nil }
        let (sequence, prompt, digest) = try row.decode((Int64, String, String).self)
        let responses = try session.rows(
            """
            SELECT r.response_id, t.body FROM item_responses r JOIN texts t ON t.seq = r.text_seq
            WHERE r.item_seq = \(sequence) ORDER BY r.position
            """
        ).map { row in
            let (id, text) = try row.decode((String, String).self)
            return Response(id: id, text: text)
        }
        return DigestedItem(item: Item(id: itemID, prompt: prompt, responses: responses), digest: digest)
    }
}
