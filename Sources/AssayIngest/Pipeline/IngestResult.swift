import AssayStore

/// What an ingest did: its committed batches and the outcome counts over all of them.
public struct IngestResult: Sendable {
    public let batches: [BatchReceipt]
    public let counts: IngestCounts

    /// True when every record was accepted or a duplicate.
    public var isClean: Bool { counts.conflicts == 0 && counts.rejected == 0 }
}
