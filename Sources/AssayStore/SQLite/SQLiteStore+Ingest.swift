import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    public func ingestBatch(_ header: BatchHeader, _ body: (any BatchWriter) throws -> Void) throws -> BatchReceipt {
        try pool.write { db in
            if let key = header.idempotencyKey,
                let existing = try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE idempotency_key = ?", arguments: [key])
            {
                let record = Self.batchRecord(existing)
                return BatchReceipt(
                    batchID: record.batchID, sequence: record.sequence, counts: record.counts,
                    rawDigest: SHA256Digest(hex: record.rawSHA256)!, ratingsDigest: SHA256Digest(hex: record.ratingsSHA256)!,
                    replayed: true)
            }
            // Batches are append-only, so the batch row is written last, under a sequence number
            // reserved now (this write transaction is the only writer). Foreign keys are deferred.
            let sequence = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) + 1 FROM batches") ?? 1
            let writer = try SQLiteBatchWriter(db: db, batchSequence: sequence)
            try body(writer)
            let counts = writer.counts
            if header.allOrNothing, counts.conflicts + counts.rejected > 0 {
                throw StoreError.batchRolledBack(problems: counts.conflicts + counts.rejected)
            }
            let digests = writer.finishDigests()
            let batchID = Self.makeBatchID(at: header.receivedAt)
            var origin = header.origin
            if let lines = writer.lineRange { origin += " lines \(lines.lowerBound)-\(lines.upperBound)" }
            let committedAt = Timestamp.now
            try db.execute(
                sql: """
                    INSERT INTO batches (seq, batch_id, source, submitter, origin, received_at, committed_at, raw_sha256,
                                         raw_bytes, ratings_sha256, accepted, duplicates, conflicts, rejected, idempotency_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sequence, batchID, header.source, header.submitter, origin, header.receivedAt.description,
                    committedAt.description, digests.raw.hex, writer.rawBytes, digests.ratings.hex, counts.accepted,
                    counts.duplicates, counts.conflicts, counts.rejected, header.idempotencyKey,
                ])
            try Self.appendAudit(
                db,
                AuditEvent(
                    actor: header.submitter, action: "batch.ingested", subject: batchID,
                    details: Self.batchAuditDetails(
                        sequence: sequence, source: header.source, origin: origin, rawSHA256: digests.raw.hex,
                        rawBytes: writer.rawBytes, ratingsSHA256: digests.ratings.hex, counts: counts),
                    at: committedAt))
            return BatchReceipt(
                batchID: batchID, sequence: sequence, counts: counts, rawDigest: digests.raw, ratingsDigest: digests.ratings,
                replayed: false)
        }
    }

    /// The audit details of a batch (``BatchAuditDetails``).
    static func batchAuditDetails(
        sequence: Int64, source: String, origin: String, rawSHA256: String, rawBytes: Int64, ratingsSHA256: String,
        counts: IngestCounts
    ) -> JSONValue {
        BatchAuditDetails.details(
            sequence: sequence, source: source, origin: origin, rawSHA256: rawSHA256, rawBytes: rawBytes, ratingsSHA256: ratingsSHA256,
            counts: counts)
    }

    static func batchRecord(_ row: Row) -> BatchRecord {
        BatchRecord(
            sequence: row["seq"], batchID: row["batch_id"], source: row["source"], submitter: row["submitter"],
            origin: row["origin"], receivedAt: Timestamp(rfc3339: row["received_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
            committedAt: Timestamp(rfc3339: row["committed_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
            rawSHA256: row["raw_sha256"], rawBytes: row["raw_bytes"], ratingsSHA256: row["ratings_sha256"],
            counts: IngestCounts(
                accepted: row["accepted"], duplicates: row["duplicates"], conflicts: row["conflicts"], rejected: row["rejected"]),
            idempotencyKey: row["idempotency_key"])
    }

    public func batch(_ batchID: String) throws -> BatchRecord {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM batches WHERE batch_id = ?", arguments: [batchID]) else {
                throw StoreError.notFound(what: "batch", name: batchID)
            }
            return Self.batchRecord(row)
        }
    }

    public func provenance(ratingID: String) throws -> RatingProvenance? {
        try pool.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT r.content_sha256 AS content, r.line AS line, b.* FROM ratings r
                        JOIN batches b ON b.seq = r.batch_seq WHERE r.rating_id = ?
                        """,
                    arguments: [ratingID])
            else { return nil }
            return RatingProvenance(
                ratingID: ratingID, contentSHA256: row["content"], batch: Self.batchRecord(row), line: row["line"])
        }
    }
}
