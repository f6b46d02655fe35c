import AssayCrypto
import AssayModel
import GRDB

/// ``BatchWriter`` over one open SQLite write transaction.
///
/// Statements are prepared once per batch and driven through the C API (``RawStatement``);
/// item and annotator lookups go through bounded caches, so memory stays flat however long
/// the batch is.
final class SQLiteBatchWriter: BatchWriter {
    private let db: Database
    let batchSequence: Int64
    private(set) var counts = IngestCounts()
    private(set) var rawBytes: Int64 = 0
    private(set) var rawDigest = SHA256Digest.hash([UInt8]())
    private var ratingsHasher: SHA256Hasher? = SHA256Hasher()
    private var problemOrdinal: Int64 = 0
    /// First and last source line seen in this batch, for its provenance.
    private(set) var lineRange: ClosedRange<Int>?

    private struct CachedItem {
        let sequence: Int64
        let item: DigestedItem
        /// Whether `item` carries its texts (false: an outline, ``itemOutline(_:)``).
        let hasTexts: Bool
    }
    /// Recently used items, as outlines (no texts: ~300 bytes each); bounded so memory stays flat. Large enough for a
    /// stream, where an item's ratings are spread over days among those of ~100k other items.
    private var itemCache: [String: CachedItem] = [:]
    private static let itemCacheLimit = 100_000
    private var annotatorCache: [String: Int64] = [:]
    private var textCache: [String: Int64] = [:]
    /// Accepted ratings' digest lines not yet hashed.
    private var digestLines: [UInt8] = []
    private static let digestBufferSize = 1 << 16
    private static let cacheLimit = 50_000
    private static let textCacheLimit = 20_000

    private let insertRating: RawStatement
    private let selectRatingDigest: RawStatement
    private let selectAnnotator: RawStatement
    private let insertAnnotator: RawStatement
    private let insertProblem: RawStatement
    private let selectItem: RawStatement
    private let selectItemOutline: RawStatement
    private let insertItemRow: RawStatement
    private let insertResponse: RawStatement
    private let insertText: RawStatement
    private let selectText: RawStatement

    init(db: Database, batchSequence: Int64) throws {
        self.db = db
        self.batchSequence = batchSequence
        insertRating = try RawStatement(
            db,
            """
            INSERT INTO ratings (rating_id, batch_seq, line, annotator_seq, item_seq, kind, submitted_at_ms, duration_ms,
                                 content, content_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (rating_id) DO NOTHING
            """)
        selectRatingDigest = try RawStatement(db, "SELECT content_sha256 FROM ratings WHERE rating_id = ?")
        selectAnnotator = try RawStatement(db, "SELECT seq FROM annotators WHERE annotator_id = ?")
        insertAnnotator = try RawStatement(
            db, "INSERT INTO annotators (annotator_id, first_batch_seq, first_submitted_at_ms) VALUES (?, ?, ?)")
        insertProblem = try RawStatement(
            db, "INSERT INTO batch_problems (batch_seq, ordinal, kind, line, rating_id, field, reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
        selectItem = try RawStatement(db, "SELECT seq FROM items WHERE item_id = ?")
        selectItemOutline = try RawStatement(
            db,
            """
            SELECT i.seq, i.content_sha256, r.response_id FROM items i JOIN item_responses r ON r.item_seq = i.seq
            WHERE i.item_id = ? ORDER BY r.position
            """)
        insertItemRow = try RawStatement(
            db, "INSERT INTO items (item_id, prompt_text, content_sha256, batch_seq) VALUES (?, ?, ?, ?)")
        insertResponse = try RawStatement(
            db, "INSERT INTO item_responses (item_seq, position, response_id, text_seq) VALUES (?, ?, ?, ?)")
        insertText = try RawStatement(db, "INSERT INTO texts (sha256, body) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")
        selectText = try RawStatement(db, "SELECT seq FROM texts WHERE sha256 = ?")
    }

    func setRawInput(digest: SHA256Digest, bytes: Int64) {
        rawDigest = digest
        rawBytes = bytes
    }

    func item(_ itemID: String) throws -> DigestedItem? {
        try cachedItem(itemID, texts: true)?.item
    }

    func itemOutline(_ itemID: String) throws -> DigestedItem? {
        try cachedItem(itemID, texts: false)?.item
    }

    /// The item most recently looked up: `insert` follows `item(_:)` for the same rating.
    private var lastItem: CachedItem?

    /// The item from the caches or the store; with `texts` false an outline will do, read from the items and
    /// responses tables only (on a stream, an item's later ratings come long after its texts left every cache, and
    /// reading the texts back cost more than the rest of the rating).
    private func cachedItem(_ itemID: String, texts: Bool) throws -> CachedItem? {
        if let lastItem, lastItem.item.item.id == itemID, lastItem.hasTexts || !texts { return lastItem }
        if let cached = itemCache[itemID], cached.hasTexts || !texts {
            lastItem = cached
            return cached
        }
        let cached: CachedItem
        if texts {
            // Most items an ingest meets are new: probe the index before loading texts.
            guard try selectItem.bind(itemID).queryInt() != nil else { return nil }
            guard let found = try SQLiteStore.loadItem(db, itemID: itemID) else { return nil }
            cached = CachedItem(sequence: found.sequence, item: DigestedItem(item: found.item, digest: found.digest), hasTexts: true)
        } else {
            var sequence: Int64?
            var digest = ""
            var responses: [Response] = []
            try selectItemOutline.bind(itemID).forEachRow {
                sequence = selectItemOutline.int(0)
                if responses.isEmpty { digest = selectItemOutline.text(1) }
                responses.append(Response(id: selectItemOutline.text(2), text: ""))
            }
            guard let sequence else { return nil }
            cached = CachedItem(
                sequence: sequence, item: DigestedItem(item: Item(id: itemID, prompt: "", responses: responses), digest: digest),
                hasTexts: false)
        }
        remember(cached)
        lastItem = cached
        return cached
    }

    private func remember(_ cached: CachedItem) {
        if itemCache.count >= Self.itemCacheLimit { itemCache.removeAll(keepingCapacity: true) }
        itemCache[cached.item.item.id] = cached
    }

    /// Stores a text once (keyed by its SHA-256, hex) and returns its sequence number. Recently
    /// stored texts are remembered (prompts and stock answers recur across items), bounded.
    private func internText(_ text: String, digest: String?) throws -> Int64 {
        let digest = digest ?? SHA256Digest.hash(text).hex
        if let sequence = textCache[digest] { return sequence }
        let sequence: Int64
        if try insertText.bind(digest).bind(text).execute() == 1 {
            sequence = insertText.lastInsertedRowID
        } else {
            guard let found = try selectText.bind(digest).queryInt() else {
                throw StoreError.notFound(what: "text", name: digest)
            }
            sequence = found
        }
        if textCache.count >= Self.textCacheLimit { textCache.removeAll(keepingCapacity: true) }
        textCache[digest] = sequence
        return sequence
    }

    private func insertItem(_ digested: DigestedItem) throws -> CachedItem {
        let item = digested.item
        let digests = digested.textDigests
        let promptText = try internText(item.prompt, digest: digests?[0])
        try insertItemRow.bind(item.id).bind(promptText).bind(digested.digest).bind(batchSequence).execute()
        let sequence = insertItemRow.lastInsertedRowID
        for (position, response) in item.responses.enumerated() {
            let text = try internText(response.text, digest: digests?[position + 1])
            try insertResponse.bind(sequence).bind(Int64(position)).bind(response.id).bind(text).execute()
        }
        // Cached as an outline: a later rating carrying texts is checked by digest, and reloads the texts only if it differs.
        let outline = Item(id: item.id, prompt: "", responses: item.responses.map { Response(id: $0.id, text: "") })
        let cached = CachedItem(sequence: sequence, item: DigestedItem(item: outline, digest: digested.digest), hasTexts: false)
        remember(cached)
        return cached
    }

    private func annotatorSequence(_ annotatorID: String, firstSubmittedAt: Timestamp) throws -> Int64 {
        if let sequence = annotatorCache[annotatorID] { return sequence }
        let sequence: Int64
        if let found = try selectAnnotator.bind(annotatorID).queryInt() {
            sequence = found
        } else {
            try insertAnnotator.bind(annotatorID).bind(batchSequence).bind(firstSubmittedAt.millisecondsSinceEpoch).execute()
            sequence = insertAnnotator.lastInsertedRowID
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

    func insert(_ prepared: PreparedRating, newItem: DigestedItem?, line: Int?) throws -> IngestOutcome {
        see(line: line)
        let rating = prepared.rating
        let item: CachedItem
        if let known = try cachedItem(rating.itemID, texts: false) {
            item = known
        } else if let newItem {
            item = try insertItem(newItem)
        } else {
            preconditionFailure("the caller resolves the item before inserting")
        }
        let digest = prepared.digest
        let annotator = try annotatorSequence(rating.annotatorID, firstSubmittedAt: rating.submittedAt)
        let changed = try insertRating.bind(rating.ratingID).bind(batchSequence).bind(line.map(Int64.init))
            .bind(annotator).bind(item.sequence).bind(Int64(rating.kind.code)).bind(rating.submittedAt.millisecondsSinceEpoch)
            .bind(rating.durationMs).bind(bytes: prepared.content).bind(digest).execute()
        let outcome: IngestOutcome
        if changed == 1 {
            digestLines.append(contentsOf: rating.ratingID.utf8)
            digestLines.append(UInt8(ascii: "\t"))
            digestLines.append(contentsOf: digest.utf8)
            digestLines.append(UInt8(ascii: "\n"))
            if digestLines.count >= Self.digestBufferSize { flushDigestLines() }
            outcome = .accepted
        } else {
            let stored = try selectRatingDigest.bind(rating.ratingID).queryText()
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
        try insertProblem.bind(batchSequence).bind(problemOrdinal).bind(error.kind.rawValue).bind(error.line.map(Int64.init))
            .bind(error.ratingID).bind(error.field).bind(error.reason).execute()
        switch error.kind {
        case .conflict: counts.conflicts += 1
        case .rejected: counts.rejected += 1
        }
    }

    /// Feeds the buffered "rating_id TAB digest LF" lines into the batch's ratings digest (one
    /// call per 64 KiB rather than per rating).
    private func flushDigestLines() {
        ratingsHasher!.update(digestLines)
        digestLines.removeAll(keepingCapacity: true)
    }

    /// Finishes the digests (call once, at commit).
    func finishDigests() -> (raw: SHA256Digest, ratings: SHA256Digest) {
        flushDigestLines()
        return (rawDigest, ratingsHasher.take()!.finalize())
    }
}
