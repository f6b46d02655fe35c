import AssayCrypto
import AssayModel
import AssayStore
import PostgresNIO

/// ``BatchWriter`` over one open PostgreSQL transaction.
///
/// Ratings are checked against the store as they come (looked up a chunk at a time through
/// ``prefetch(ratingIDs:itemIDs:)``, or one by one without it) and staged with `COPY` into
/// temporary tables, without any lock. ``commit(_:)`` then takes the writer lock and moves the
/// staged rows into place with a few set-based statements, so concurrent batches on several
/// nodes overlap everywhere except in that short last step.
final class PostgresBatchWriter: BatchWriter {
    private let session: PostgresSession
    private(set) var counts = IngestCounts()
    private var rawBytes: Int64 = 0
    private var rawDigest = SHA256Digest.hash([UInt8]())
    private var lineRange: ClosedRange<Int>?
    private var ratingsHasher: SHA256Hasher? = SHA256Hasher()
    private var digestLines: [UInt8] = []

    /// Ratings accepted in this batch: id → content digest.
    private var batchRatings: [String: String] = [:]
    /// Ratings looked up in the store: id → stored digest, or nil when not stored.
    private var storedRatings: [String: String?] = [:]
    /// Items looked up in the store (outlines: texts empty), or nil when not stored.
    private var storedItems: [String: DigestedItem?] = [:]
    /// Items new in this batch, with their texts.
    private var newItems: [String: DigestedItem] = [:]
    private var stagedTexts: Set<String> = []

    private var ratingOrdinal: Int64 = 0
    private var itemOrdinal: Int64 = 0
    private var problemOrdinal: Int64 = 0
    private var ratingRows = CopyTextEncoder()
    private var itemRows = CopyTextEncoder()
    private var responseRows = CopyTextEncoder()
    private var textRows = CopyTextEncoder()
    private var problemRows = CopyTextEncoder()

    /// Staged bytes that trigger a `COPY` to the server.
    private static let flushBytes = 4 << 20
    private static let cacheLimit = 200_000

    init(session: PostgresSession) {
        self.session = session
    }

    func setRawInput(digest: SHA256Digest, bytes: Int64) {
        rawDigest = digest
        rawBytes = bytes
    }

    func prefetch(ratingIDs: [String], itemIDs: [String]) throws {
        let ratings = Array(Set(ratingIDs.filter { batchRatings[$0] == nil && storedRatings[$0] == nil }))
        if !ratings.isEmpty {
            if storedRatings.count > Self.cacheLimit { storedRatings.removeAll(keepingCapacity: true) }
            for id in ratings { storedRatings[id] = .some(nil) }
            for row in try session.rows("SELECT rating_id, content_sha256 FROM ratings WHERE rating_id = ANY(\(ratings))") {
                let (id, digest) = try row.decode((String, String).self)
                storedRatings[id] = digest
            }
        }
        let items = Array(Set(itemIDs.filter { newItems[$0] == nil && storedItems[$0] == nil }))
        if !items.isEmpty {
            if storedItems.count > Self.cacheLimit { storedItems.removeAll(keepingCapacity: true) }
            for id in items { storedItems[id] = .some(nil) }
            for (id, outline) in try outlines(items) { storedItems[id] = outline }
        }
    }

    /// Stored items' outlines (response ids and content digest, no texts).
    private func outlines(_ itemIDs: [String]) throws -> [String: DigestedItem] {
        var found: [String: (digest: String, responses: [Response])] = [:]
        for row in try session.rows(
            """
            SELECT i.item_id, i.content_sha256, r.response_id FROM items i JOIN item_responses r ON r.item_seq = i.seq
            WHERE i.item_id = ANY(\(itemIDs)) ORDER BY i.item_id, r.position
            """)
        {
            let (id, digest, response) = try row.decode((String, String, String).self)
            found[id, default: (digest: digest, responses: [])].responses.append(Response(id: response, text: ""))
        }
        var result: [String: DigestedItem] = [:]
        for (id, value) in found {
            result[id] = DigestedItem(item: Item(id: id, prompt: "", responses: value.responses), digest: value.digest)
        }
        return result
    }

    private func storedOutline(_ itemID: String) throws -> DigestedItem? {
        if let cached = storedItems[itemID] { return cached }
        let outline = try outlines([itemID])[itemID]
        if storedItems.count > Self.cacheLimit { storedItems.removeAll(keepingCapacity: true) }
        storedItems[itemID] = .some(outline)
        return outline
    }

    func item(_ itemID: String) throws -> DigestedItem? {
        if let new = newItems[itemID] { return new }
        guard try storedOutline(itemID) != nil else { return nil }
        return try PostgresStore.loadItem(session, itemID: itemID)
    }

    func itemOutline(_ itemID: String) throws -> DigestedItem? {
        if let new = newItems[itemID] { return new }
        return try storedOutline(itemID)
    }

    private func storedDigest(_ ratingID: String) throws -> String? {
        if let cached = storedRatings[ratingID] { return cached }
        let digest = try session.row("SELECT content_sha256 FROM ratings WHERE rating_id = \(ratingID)")?.column(0, as: String.self)
        return digest
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
        if newItems[rating.itemID] == nil, try storedOutline(rating.itemID) == nil {
            guard let newItem else { preconditionFailure("the caller resolves the item before inserting") }
            stage(newItem)
        }
        let digest = prepared.digest
        let outcome: IngestOutcome
        if let existing = try batchRatings[rating.ratingID] ?? storedDigest(rating.ratingID) {
            guard existing == digest else {
                let error = Self.conflict(ratingID: rating.ratingID, line: line, stored: existing, digest: digest)
                try recordProblem(error)
                return .conflict(error)
            }
            outcome = .duplicate
        } else {
            ratingOrdinal += 1
            ratingRows.int(ratingOrdinal)
            ratingRows.text(rating.ratingID)
            ratingRows.int(line.map(Int64.init))
            ratingRows.text(rating.annotatorID)
            ratingRows.text(rating.itemID)
            ratingRows.int(Int64(rating.kind.code))
            ratingRows.int(rating.submittedAt.millisecondsSinceEpoch)
            ratingRows.int(rating.durationMs)
            ratingRows.text(bytes: prepared.content)
            ratingRows.text(digest)
            ratingRows.endRow()
            batchRatings[rating.ratingID] = digest
            digestLines.append(contentsOf: rating.ratingID.utf8)
            digestLines.append(UInt8(ascii: "\t"))
            digestLines.append(contentsOf: digest.utf8)
            digestLines.append(UInt8(ascii: "\n"))
            if digestLines.count >= 1 << 16 { flushDigestLines() }
            outcome = .accepted
        }
        counts.count(outcome)
        if ratingRows.buffer.readableBytes >= Self.flushBytes { try flush() }
        return outcome
    }

    private static func conflict(ratingID: String, line: Int?, stored: String, digest: String) -> RatingError {
        RatingError(
            kind: .conflict, line: line, ratingID: ratingID, field: "rating_id",
            reason: "already stored with different content (stored digest \(stored.prefix(12))…, "
                + "this one \(digest.prefix(12))…); a stored rating is never overwritten")
    }

    private func stage(_ digested: DigestedItem) {
        let item = digested.item
        let digests = digested.textDigests ?? DigestedItem(item).textDigests ?? []
        stageText(item.prompt, digest: digests[0])
        itemOrdinal += 1
        itemRows.int(itemOrdinal)
        itemRows.text(item.id)
        itemRows.text(digests[0])
        itemRows.text(digested.digest)
        itemRows.endRow()
        for (position, response) in item.responses.enumerated() {
            stageText(response.text, digest: digests[position + 1])
            responseRows.text(item.id)
            responseRows.int(Int64(position))
            responseRows.text(response.id)
            responseRows.text(digests[position + 1])
            responseRows.endRow()
        }
        newItems[item.id] = digested
    }

    private func stageText(_ text: String, digest: String) {
        guard !stagedTexts.contains(digest) else { return }
        if stagedTexts.count > Self.cacheLimit { stagedTexts.removeAll(keepingCapacity: true) }
        stagedTexts.insert(digest)
        textRows.text(digest)
        textRows.text(text)
        textRows.endRow()
    }

    func recordProblem(_ error: RatingError) throws {
        see(line: error.line)
        problemOrdinal += 1
        problemRows.int(problemOrdinal)
        problemRows.text(error.kind.rawValue)
        problemRows.int(error.line.map(Int64.init))
        problemRows.text(error.ratingID)
        problemRows.text(error.field)
        problemRows.text(error.reason)
        problemRows.endRow()
        switch error.kind {
        case .conflict: counts.conflicts += 1
        case .rejected: counts.rejected += 1
        }
    }

    private func flushDigestLines() {
        ratingsHasher!.update(digestLines)
        digestLines.removeAll(keepingCapacity: true)
    }

    /// Sends the staged rows to the temporary tables.
    private func flush() throws {
        if textRows.rows > 0 { try session.copy(into: "stage_texts", columns: ["sha256", "body"], data: textRows.take()) }
        if itemRows.rows > 0 {
            try session.copy(into: "stage_items", columns: ["ordinal", "item_id", "prompt_sha256", "content_sha256"], data: itemRows.take())
        }
        if responseRows.rows > 0 {
            try session.copy(
                into: "stage_responses", columns: ["item_id", "position", "response_id", "text_sha256"], data: responseRows.take())
        }
        if ratingRows.rows > 0 {
            try session.copy(
                into: "stage_ratings",
                columns: [
                    "ordinal", "rating_id", "line", "annotator_id", "item_id", "kind", "submitted_at_ms", "duration_ms", "content",
                    "content_sha256",
                ],
                data: ratingRows.take())
        }
        if problemRows.rows > 0 {
            try session.copy(
                into: "stage_problems", columns: ["ordinal", "kind", "line", "rating_id", "field", "reason"], data: problemRows.take())
        }
    }

    /// Writes the staged batch under the writer lock: texts, items, annotators, ratings,
    /// problems, the batch row and its audit entry, in the open transaction.
    func commit(_ header: BatchHeader) throws -> BatchReceipt {
        try flush()
        try PostgresStore.takeWriterLock(session)
        try settleRaces()
        if header.allOrNothing, counts.conflicts + counts.rejected > 0 {
            throw StoreError.batchRolledBack(problems: counts.conflicts + counts.rejected)
        }
        let batch: Int64 = try session.row("SELECT (COALESCE(MAX(seq), 0) + 1)::BIGINT FROM batches")?.column(0) ?? 1
        try session.execute(
            """
            INSERT INTO texts (sha256, body) SELECT DISTINCT ON (sha256) sha256, body FROM stage_texts ORDER BY sha256
            ON CONFLICT (sha256) DO NOTHING
            """)
        try session.execute(
            """
            INSERT INTO items (seq, item_id, prompt_text, content_sha256, batch_seq)
            SELECT (SELECT COALESCE(MAX(seq), 0) FROM items) + ROW_NUMBER() OVER (ORDER BY s.ordinal), s.item_id, t.seq,
                   s.content_sha256, \(batch)
            FROM stage_items s JOIN texts t ON t.sha256 = s.prompt_sha256
            ON CONFLICT (item_id) DO NOTHING
            """)
        if let row = try session.row(
            """
            SELECT s.item_id FROM stage_items s JOIN items i ON i.item_id = s.item_id
            WHERE i.content_sha256 <> s.content_sha256 LIMIT 1
            """)
        {
            let itemID = try row.column(0, as: String.self)
            throw StoreError.busy(reason: "item \(itemID) was stored by another writer at the same moment with other texts; send the batch again")
        }
        try session.execute(
            """
            INSERT INTO item_responses (item_seq, position, response_id, text_seq)
            SELECT i.seq, s.position, s.response_id, t.seq
            FROM stage_responses s JOIN items i ON i.item_id = s.item_id AND i.batch_seq = \(batch)
            JOIN texts t ON t.sha256 = s.text_sha256
            """)
        try session.execute(
            """
            INSERT INTO annotators (annotator_id, first_batch_seq, first_submitted_at_ms)
            SELECT DISTINCT ON (annotator_id) annotator_id, \(batch), submitted_at_ms FROM stage_ratings ORDER BY annotator_id, ordinal
            ON CONFLICT (annotator_id) DO NOTHING
            """)
        let inserted = try session.execute(
            """
            INSERT INTO ratings (seq, rating_id, batch_seq, line, annotator_seq, item_seq, kind, submitted_at_ms, duration_ms,
                                 content, content_sha256)
            SELECT (SELECT COALESCE(MAX(seq), 0) FROM ratings) + ROW_NUMBER() OVER (ORDER BY s.ordinal), s.rating_id, \(batch), s.line,
                   a.seq, i.seq, s.kind, s.submitted_at_ms, s.duration_ms, s.content, s.content_sha256
            FROM stage_ratings s JOIN annotators a ON a.annotator_id = s.annotator_id JOIN items i ON i.item_id = s.item_id
            """)
        guard inserted == counts.accepted else {
            throw StoreError.busy(
                reason: "\(counts.accepted - inserted) rating(s) of the batch lost their item or annotator while it was written; send it again")
        }
        try session.execute(
            """
            INSERT INTO batch_problems (batch_seq, ordinal, kind, line, rating_id, field, reason)
            SELECT \(batch), ordinal, kind, line, rating_id, field, reason FROM stage_problems
            """)
        flushDigestLines()
        let ratingsDigest = ratingsHasher.take()!.finalize()
        let batchID = BatchID.make(at: header.receivedAt)
        var origin = header.origin
        if let lines = lineRange { origin += " lines \(lines.lowerBound)-\(lines.upperBound)" }
        let committedAt = Timestamp.now
        let accepted = Int64(counts.accepted)
        let duplicates = Int64(counts.duplicates)
        let conflicts = Int64(counts.conflicts)
        let rejected = Int64(counts.rejected)
        try session.execute(
            """
            INSERT INTO batches (seq, batch_id, source, submitter, origin, received_at, committed_at, raw_sha256, raw_bytes,
                                 ratings_sha256, accepted, duplicates, conflicts, rejected, idempotency_key)
            VALUES (\(batch), \(batchID), \(header.source), \(header.submitter), \(origin), \(header.receivedAt.description),
                    \(committedAt.description), \(rawDigest.hex), \(rawBytes), \(ratingsDigest.hex), \(accepted), \(duplicates),
                    \(conflicts), \(rejected), \(header.idempotencyKey))
            """)
        try PostgresStore.appendAudit(
            session,
            AuditEvent(
                actor: header.submitter, action: "batch.ingested", subject: batchID,
                details: BatchAuditDetails.details(
                    sequence: batch, source: header.source, origin: origin, rawSHA256: rawDigest.hex, rawBytes: rawBytes,
                    ratingsSHA256: ratingsDigest.hex, counts: counts),
                at: committedAt))
        return BatchReceipt(
            batchID: batchID, sequence: batch, counts: counts, rawDigest: rawDigest, ratingsDigest: ratingsDigest, replayed: false)
    }

    /// Under the writer lock: ratings that another writer stored after this batch looked them up
    /// become the duplicates (or conflicts) they are, and leave the batch's accepted ratings.
    private func settleRaces() throws {
        let raced = try session.rows(
            """
            SELECT s.ordinal, s.rating_id, s.line, s.content_sha256, r.content_sha256 FROM stage_ratings s
            JOIN ratings r ON r.rating_id = s.rating_id ORDER BY s.ordinal
            """)
        guard !raced.isEmpty else { return }
        var ordinals: [Int64] = []
        for row in raced {
            let (ordinal, ratingID, line, digest, stored) = try row.decode((Int64, String, Int64?, String, String).self)
            ordinals.append(ordinal)
            counts.accepted -= 1
            if digest == stored {
                counts.duplicates += 1
            } else {
                try recordProblem(Self.conflict(ratingID: ratingID, line: line.map(Int.init), stored: stored, digest: digest))
            }
        }
        try flush()
        try session.execute("DELETE FROM stage_ratings WHERE ordinal = ANY(\(ordinals))")
        // The batch's ratings digest, again, over the ratings it keeps.
        var hasher = SHA256Hasher()
        digestLines.removeAll(keepingCapacity: true)
        var after: Int64 = 0
        while true {
            let page = try session.rows(
                "SELECT ordinal, rating_id, content_sha256 FROM stage_ratings WHERE ordinal > \(after) ORDER BY ordinal LIMIT 10000")
            if page.isEmpty { break }
            for row in page {
                let (ordinal, ratingID, digest) = try row.decode((Int64, String, String).self)
                hasher.update(ratingID)
                hasher.update("\t")
                hasher.update(digest)
                hasher.update("\n")
                after = ordinal
            }
        }
        ratingsHasher = Optional(consume hasher)
    }
}
