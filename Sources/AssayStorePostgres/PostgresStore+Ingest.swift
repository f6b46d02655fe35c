import AssayCrypto
import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    /// One transaction per batch (see ``PostgresBatchWriter``). With an `Idempotency-Key`, an
    /// advisory lock on the key comes first: a second sender of the key (on any node) waits for the
    /// first to commit or roll back, then gets the committed batch's receipt.
    public func ingestBatch(_ header: BatchHeader, _ body: (any BatchWriter) throws -> Void) throws -> BatchReceipt {
        try withSession { session in
            if !session.hasStagingTables {
                for statement in PostgresSchema.staging { try session.execute(PostgresQuery(unsafeSQL: statement)) }
                session.hasStagingTables = true
            }
            return try session.transaction {
                if let key = header.idempotencyKey {
                    try session.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("assay-idempotency:" + key), 0))")
                    if let row = try session.row("SELECT \(unescaped: Self.batchColumns) FROM batches WHERE idempotency_key = \(key)") {
                        let record = try Self.batchRecord(row)
                        return BatchReceipt(
                            batchID: record.batchID, sequence: record.sequence, counts: record.counts,
                            rawDigest: SHA256Digest(hex: record.rawSHA256)!, ratingsDigest: SHA256Digest(hex: record.ratingsSHA256)!,
                            replayed: true)
                    }
                }
                let writer = PostgresBatchWriter(session: session)
                try body(writer)
                return try writer.commit(header)
            }
        }
    }
}
