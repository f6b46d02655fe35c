/// Named snapshots: every rating up to a watermark, with a content digest that does not depend on
/// the backend or on ingest order (``SnapshotDigest``).
public protocol SnapshotStore: Sendable {
    /// Creates a named snapshot of every rating stored so far (or up to a batch); audited as
    /// `snapshot.created`.
    func createSnapshot(name: String, upToBatch: String?, actor: String) throws -> SnapshotInfo

    /// A snapshot by name.
    /// - Throws: ``StoreError/notFound(what:name:)`` for an unknown name.
    func snapshot(named name: String) throws -> SnapshotInfo

    /// All snapshots, oldest first.
    func snapshots() throws -> [SnapshotInfo]

    /// Recomputes the content digest of the ratings up to a watermark (for verification).
    func computeSnapshotDigest(watermark: Int64) throws -> SnapshotDigest
}
