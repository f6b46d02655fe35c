import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    static let batchColumns = """
        seq, batch_id, source, submitter, origin, received_at, committed_at, raw_sha256, raw_bytes, ratings_sha256,
        accepted, duplicates, conflicts, rejected, idempotency_key
        """

    /// A batch record from a row that starts with ``batchColumns``.
    static func batchRecord(_ row: PostgresRow) throws -> BatchRecord {
        let (sequence, batchID, source, submitter, origin, receivedAt, committedAt, rawSHA256, rawBytes, ratingsSHA256) = try row.decode(
            (Int64, String, String, String, String, String, String, String, Int64, String).self)
        let access = row.makeRandomAccess()
        return BatchRecord(
            sequence: sequence, batchID: batchID, source: source, submitter: submitter, origin: origin,
            receivedAt: Timestamp.stored(receivedAt), committedAt: Timestamp.stored(committedAt), rawSHA256: rawSHA256, rawBytes: rawBytes,
            ratingsSHA256: ratingsSHA256,
            counts: IngestCounts(
                accepted: Int(try access[10].decode(Int64.self)), duplicates: Int(try access[11].decode(Int64.self)),
                conflicts: Int(try access[12].decode(Int64.self)), rejected: Int(try access[13].decode(Int64.self))),
            idempotencyKey: try access[14].decode(String?.self))
    }

    public func batch(_ batchID: String) throws -> BatchRecord {
        try withSession { session in
            guard let row = try session.row("SELECT \(unescaped: Self.batchColumns) FROM batches WHERE batch_id = \(batchID)") else {
                throw StoreError.notFound(what: "batch", name: batchID)
            }
            return try Self.batchRecord(row)
        }
    }

    public func provenance(ratingID: String) throws -> RatingProvenance? {
        try withSession { session in
            guard
                let row = try session.row(
                    """
                    SELECT b.seq, b.batch_id, b.source, b.submitter, b.origin, b.received_at, b.committed_at, b.raw_sha256,
                           b.raw_bytes, b.ratings_sha256, b.accepted, b.duplicates, b.conflicts, b.rejected, b.idempotency_key,
                           r.content_sha256, r.line
                    FROM ratings r JOIN batches b ON b.seq = r.batch_seq WHERE r.rating_id = \(ratingID)
                    """)
            else { return nil }
            let access = row.makeRandomAccess()
            return RatingProvenance(
                ratingID: ratingID, contentSHA256: try access[15].decode(String.self), batch: try Self.batchRecord(row),
                line: try access[16].decode(Int64?.self).map(Int.init))
        }
    }
}
