/// The ratings side of a store: batches with provenance, the audit log, snapshots, reading
/// ratings and items back, and statistics. What ingest (`Ingestor`) and the snapshot loader need.
///
/// See ``AssayStore`` for the whole family and its threading rule (blocking calls, never on a
/// cooperative thread).
public protocol RatingStore: BatchStore, AuditStore, SnapshotStore, RatingReader, StatisticsStore {}
