import AssayCrypto
import AssayModel
import GRDB

/// ``BatchWriter`` over one open SQLite write transaction.
///
/// Prepared statements are made once per batch; item and annotator lookups go through small
/// bounded caches so memory stays flat however long the batch is.
final class SQLiteBatchWriter: BatchWriter {
    private let db: Database
    let batchSequence: Int64
    private(set) var counts = IngestCounts()
    private(set) var rawBytes: Int64 = 0
    private var rawHasher: SHA256Hasher? = SHA256Hasher()
    private var ratingsHasher: SHA256Hasher? = SHA256Hasher()
    private var problemOrdinal: Int64 = 0
    /// First and last source line seen in this batch, for its provenance.
    private(set) var lineRange: ClosedRange<Int>?

    private struct CachedItem {
        let sequence: Int64
        let item: Item
    }
    private var itemCache: [String: CachedItem] = [:]
    private var annotatorCache: [String: Int64] = [:]
    private static let cacheLimit = 50_000

    private let insertRating: Statement
    private let selectRatingDigest: Statement
    private let selectAnnotator: Statement
    private let insertAnnotator: Statement
    private let insertProblem: Statement

    init(db: Database, batchSequence: Int64) throws {
        self.db = db
        self.batchSequence = batchSequence
        insertRating = try db.makeStatement(sql: """
            INSERT INTO ratings (rating_id, batch_seq, line, annotator_seq, item_seq, kind, submitted_at_ms, duration_ms,
                                 answer, shown_order, gold, meta, content_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (rating_id) DO NOTHING
            """)
        selectRatingDigest = try db.makeStatement(sql: "SELECT content_sha256 FROM ratings WHERE rating_id = ?")
        selectAnnotator = try db.makeStatement(sql: "SELECT seq FROM annotators WHERE annotator_id = ?")
        insertAnnotator = try db.makeStatement(sql: """
            INSERT INTO annotators (annotator_id, first_batch_seq, first_submitted_at_ms) VALUES (?, ?, ?)
            """)
        insertProblem = try db.makeStatement(sql: """
            INSERT INTO batch_problems (batch_seq, ordinal, kind, line, rating_id, field, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func addRawBytes(_ bytes: UnsafeRawBufferPointer) {
        rawHasher!.update(bytes)
        rawBytes += Int64(bytes.count)
    }

    func item(_ itemID: String) throws -> Item? {
        try cachedItem(itemID)?.item
    }

    private func cachedItem(_ itemID: String) throws -> CachedItem? {
        if let cached = itemCache[itemID] { return cached }
        guard let found = try SQLiteStore.loadItem(db, itemID: itemID) else { return nil }
        let cached = CachedItem(sequence: found.sequence, item: found.item)
        remember(cached)
        return cached
    }

    private func remember(_ cached: CachedItem) {
        if itemCache.count >= Self.cacheLimit { itemCache.removeAll(keepingCapacity: true) }
        itemCache[cached.item.id] = cached
    }

    private func insertItem(_ item: Item) throws -> CachedItem {
        let promptText = try SQLiteStore.internText(db, item.prompt)
        try db.execute(
            sql: "INSERT INTO items (item_id, prompt_text, content_sha256, batch_seq) VALUES (?, ?, ?, ?)",
            arguments: [item.id, promptText, item.contentDigest.hex, batchSequence])
        let sequence = db.lastInsertedRowID
        for (position, response) in item.responses.enumerated() {
            let text = try SQLiteStore.internText(db, response.text)
            try db.execute(
                sql: "INSERT INTO item_responses (item_seq, position, response_id, text_seq) VALUES (?, ?, ?, ?)",
                arguments: [sequence, position, response.id, text])
        }
        let cached = CachedItem(sequence: sequence, item: item)
        remember(cached)
        return cached
    }

    private func annotatorSequence(_ annotatorID: String, firstSubmittedAt: Timestamp) throws -> Int64 {
        if let sequence = annotatorCache[annotatorID] { return sequence }
        let sequence: Int64
        if let found = try Int64.fetchOne(selectAnnotator, arguments: [annotatorID]) {
            sequence = found
        } else {
            try insertAnnotator.execute(arguments: [annotatorID, batchSequence, firstSubmittedAt.millisecondsSinceEpoch])
            sequence = db.lastInsertedRowID
        }
        if annotatorCache.count >= Self.cacheLimit { annotatorCache.removeAll(keepingCapacity: true) }
        annotatorCache[annotatorID] = sequence
        return sequence
    }

    private func see(line: Int?) {
        guard let line else { return }
        if let range = lineRange {
            lineRange = min(range.lowerBound, line)...max(range.upperBound, line)
        } else {
            lineRange = line...line
        }
    }

    func insert(_ rating: Rating, line: Int?) throws -> IngestOutcome {
        see(line: line)
        let item: CachedItem
        if let known = try cachedItem(rating.itemID) {
            item = known
        } else if let carried = rating.carriedItem {
            item = try insertItem(carried)
        } else {
            preconditionFailure("the caller validates the item before inserting")
        }
        let digest = rating.contentDigest.hex
        let annotator = try annotatorSequence(rating.annotatorID, firstSubmittedAt: rating.submittedAt)
        let columns = StoredColumns(rating)
        try insertRating.execute(arguments: [
            rating.ratingID, batchSequence, line, annotator, item.sequence, Int64(rating.kind.code),
            rating.submittedAt.millisecondsSinceEpoch, rating.durationMs, columns.answer, columns.shownOrder,
            columns.gold, columns.meta, digest,
        ])
        let outcome: IngestOutcome
        if db.changesCount == 1 {
            ratingsHasher!.update(rating.ratingID)
            ratingsHasher!.update("\t")
            ratingsHasher!.update(digest)
            ratingsHasher!.update("\n")
            outcome = .accepted
        } else {
            let stored = try String.fetchOne(selectRatingDigest, arguments: [rating.ratingID])
            if stored == digest {
                outcome = .duplicate
            } else {
                let error = RatingError(
                    kind: .conflict, line: line, ratingID: rating.ratingID, field: "rating_id",
                    reason: "already stored with different content (stored digest \(stored?.prefix(12) ?? "?")…, "
                        + "this one \(digest.prefix(12))…); a stored rating is never overwritten")
                try recordProblem(error)
                return .conflict(error)
            }
        }
        counts.count(outcome)
        return outcome
    }

    func recordProblem(_ error: RatingError) throws {
        see(line: error.line)
        problemOrdinal += 1
        try insertProblem.execute(arguments: [
            batchSequence, problemOrdinal, error.kind.rawValue, error.line, error.ratingID, error.field, error.reason,
        ])
        switch error.kind {
        case .conflict: counts.conflicts += 1
        case .rejected: counts.rejected += 1
        }
    }

    /// Finishes the digests (call once, at commit).
    func finishDigests() -> (raw: SHA256Digest, ratings: SHA256Digest) {
        (rawHasher.take()!.finalize(), ratingsHasher.take()!.finalize())
    }
}
