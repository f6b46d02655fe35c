import AssayCrypto
import AssayModel
import GRDB

extension SQLiteStore {
    public func createSnapshot(name: String, upToBatch: String?, actor: String) throws -> SnapshotInfo {
        guard !name.isEmpty, name.count <= 128 else {
            throw StoreError.invalidName(what: "snapshot", name: name, rule: "use 1–128 characters")
        }
        return try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM snapshots WHERE name = ?", arguments: [name]) == true {
                throw StoreError.alreadyExists(what: "snapshot", name: name)
            }
            let watermark: Int64
            if let upToBatch {
                guard
                    let batchSequence = try Int64.fetchOne(
                        db, sql: "SELECT seq FROM batches WHERE batch_id = ?", arguments: [upToBatch])
                else { throw StoreError.notFound(what: "batch", name: upToBatch) }
                watermark =
                    try Int64.fetchOne(
                        db, sql: "SELECT IFNULL(MAX(seq), 0) FROM ratings WHERE batch_seq <= ?", arguments: [batchSequence]) ?? 0
            } else {
                watermark = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) FROM ratings") ?? 0
            }
            let digest = try Self.snapshotDigest(db, watermark: watermark)
            let createdAt = Timestamp.now
            try db.execute(
                sql: """
                    INSERT INTO snapshots (name, watermark, created_at, ratings, items, annotators, digest)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, watermark, createdAt.description, digest.ratings, digest.items, digest.annotators, digest.digest])
            try Self.appendAudit(
                db,
                AuditEvent.snapshotCreated(name, watermark: watermark, digest: digest, actor: actor, at: createdAt))
            return SnapshotInfo(
                name: name, watermark: watermark, createdAt: createdAt, ratings: digest.ratings, items: digest.items,
                annotators: digest.annotators, digest: digest.digest)
        }
    }

    static func snapshotInfo(_ row: Row) -> SnapshotInfo {
        SnapshotInfo(
            name: row["name"], watermark: row["watermark"],
            createdAt: Timestamp(rfc3339: row["created_at"]) ?? Timestamp(millisecondsSinceEpoch: 0), ratings: row["ratings"],
            items: row["items"], annotators: row["annotators"], digest: row["digest"])
    }

    public func snapshot(named name: String) throws -> SnapshotInfo {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM snapshots WHERE name = ?", arguments: [name]) else {
                throw StoreError.notFound(what: "snapshot", name: name)
            }
            return Self.snapshotInfo(row)
        }
    }

    public func snapshots() throws -> [SnapshotInfo] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM snapshots ORDER BY seq").map(Self.snapshotInfo) }
    }

    public func computeSnapshotDigest(watermark: Int64) throws -> SnapshotDigest {
        try pool.read { db in try Self.snapshotDigest(db, watermark: watermark) }
    }

    /// See ``SnapshotDigest`` for the definition. Ratings are visited in `rating_id` order
    /// through the unique index (bytewise collation), so ingest order does not matter.
    static func snapshotDigest(_ db: Database, watermark: Int64) throws -> SnapshotDigest {
        var hasher = SHA256Hasher()
        hasher.update("assay-snapshot-v1\n")
        var ratings = 0
        let cursor = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.rating_id, r.content_sha256, i.content_sha256 FROM ratings r INDEXED BY sqlite_autoindex_ratings_1
                JOIN items i ON i.seq = r.item_seq
                WHERE r.seq <= ? ORDER BY r.rating_id
                """,
            arguments: [watermark])
        while let row = try cursor.next() {
            hasher.update(row[0] as String)
            hasher.update("\t")
            hasher.update(row[1] as String)
            hasher.update("\t")
            hasher.update(row[2] as String)
            hasher.update("\n")
            ratings += 1
        }
        let items = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT item_seq) FROM ratings WHERE seq <= ?", arguments: [watermark]) ?? 0
        let annotators =
            try Int.fetchOne(
                db, sql: "SELECT COUNT(DISTINCT annotator_seq) FROM ratings WHERE seq <= ?", arguments: [watermark]) ?? 0
        return SnapshotDigest(digest: hasher.finalize().hex, ratings: ratings, items: items, annotators: annotators)
    }
}
