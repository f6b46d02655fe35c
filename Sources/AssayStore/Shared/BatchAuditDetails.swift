import AssayModel

/// What every backend records about a batch, so that batch ids and `batch.ingested` audit entries
/// look the same in SQLite and PostgreSQL (and `audit verify` recomputes them the same way).
public enum BatchAuditDetails {
    /// The audit details of a batch; `audit verify` recomputes them from the batch row and its ratings.
    public static func details(
        sequence: Int64, source: String, origin: String, rawSHA256: String, rawBytes: Int64, ratingsSHA256: String,
        counts: IngestCounts
    ) -> JSONValue {
        .object([
            ("batch_seq", .number(Double(sequence))),
            ("source", .string(source)),
            ("origin", .string(origin)),
            ("raw_sha256", .string(rawSHA256)),
            ("raw_bytes", .number(Double(rawBytes))),
            ("ratings_sha256", .string(ratingsSHA256)),
            ("accepted", .number(Double(counts.accepted))),
            ("duplicates", .number(Double(counts.duplicates))),
            ("conflicts", .number(Double(counts.conflicts))),
            ("rejected", .number(Double(counts.rejected))),
        ])
    }

    /// The details of a batch record, as ``details(sequence:source:origin:rawSHA256:rawBytes:ratingsSHA256:counts:)``.
    public static func details(of batch: BatchRecord) -> JSONValue {
        details(
            sequence: batch.sequence, source: batch.source, origin: batch.origin, rawSHA256: batch.rawSHA256, rawBytes: batch.rawBytes,
            ratingsSHA256: batch.ratingsSHA256, counts: batch.counts)
    }
}
