import AssayCrypto
import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func createSnapshot(name: String, upToBatch: String?, actor: String) throws -> SnapshotInfo {
        guard !name.isEmpty, name.count <= 128 else {
            throw StoreError.invalidName(what: "snapshot", name: name, rule: "use 1–128 characters")
        }
        return try write { session in
            if try session.row("SELECT 1 FROM snapshots WHERE name = \(name)") != nil {
                throw StoreError.alreadyExists(what: "snapshot", name: name)
            }
            let watermark: Int64
            if let upToBatch {
                guard let batch = try session.row("SELECT seq FROM batches WHERE batch_id = \(upToBatch)")?.column(0, as: Int64.self) else {
                    throw StoreError.notFound(what: "batch", name: upToBatch)
                }
                watermark = try session.row("SELECT COALESCE(MAX(seq), 0)::BIGINT FROM ratings WHERE batch_seq <= \(batch)")?.column(0) ?? 0
            } else {
                watermark = try session.row("SELECT COALESCE(MAX(seq), 0)::BIGINT FROM ratings")?.column(0) ?? 0
            }
            let digest = try Self.snapshotDigest(session, watermark: watermark)
            let createdAt = Timestamp.now
            try session.execute(
                """
                INSERT INTO snapshots (name, watermark, created_at, ratings, items, annotators, digest)
                VALUES (\(name), \(watermark), \(createdAt.description), \(Int64(digest.ratings)), \(Int64(digest.items)),
                        \(Int64(digest.annotators)), \(digest.digest))
                """)
            try Self.appendAudit(
                session,
                AuditEvent.snapshotCreated(name, watermark: watermark, digest: digest, actor: actor, at: createdAt))
            return SnapshotInfo(
                name: name, watermark: watermark, createdAt: createdAt, ratings: digest.ratings, items: digest.items,
                annotators: digest.annotators, digest: digest.digest)
        }
    }

    private static let snapshotColumns = "name, watermark, created_at, ratings, items, annotators, digest"

    private static func snapshotInfo(_ row: PostgresRow) throws -> SnapshotInfo {
        let (name, watermark, createdAt, ratings, items, annotators, digest) = try row.decode(
            (String, Int64, String, Int64, Int64, Int64, String).self)
        return SnapshotInfo(
            name: name, watermark: watermark, createdAt: Timestamp.stored(createdAt), ratings: Int(ratings), items: Int(items),
            annotators: Int(annotators), digest: digest)
    }

    public func snapshot(named name: String) throws -> SnapshotInfo {
        try withSession { session in
            guard let row = try session.row("SELECT \(unescaped: Self.snapshotColumns) FROM snapshots WHERE name = \(name)") else {
                throw StoreError.notFound(what: "snapshot", name: name)
            }
            return try Self.snapshotInfo(row)
        }
    }

    public func snapshots() throws -> [SnapshotInfo] {
        try withSession { session in
            try session.rows("SELECT \(unescaped: Self.snapshotColumns) FROM snapshots ORDER BY seq").map(Self.snapshotInfo)
        }
    }

    public func computeSnapshotDigest(watermark: Int64) throws -> SnapshotDigest {
        try read { session in try Self.snapshotDigest(session, watermark: watermark) }
    }

    /// See ``SnapshotDigest``: the same bytes hashed as SQLite hashes, ratings in `rating_id`
    /// order (the "C" collation: bytewise), paged by `rating_id`.
    static func snapshotDigest(_ session: PostgresSession, watermark: Int64) throws -> SnapshotDigest {
        var hasher = SHA256Hasher()
        hasher.update("assay-snapshot-v1\n")
        var ratings = 0
        var after = ""
        var first = true
        while true {
            let page: [PostgresRow]
            if first {
                page = try session.rows(
                    """
                    SELECT r.rating_id, r.content_sha256, i.content_sha256 FROM ratings r JOIN items i ON i.seq = r.item_seq
                    WHERE r.seq <= \(watermark) ORDER BY r.rating_id LIMIT 10000
                    """)
                first = false
            } else {
                page = try session.rows(
                    """
                    SELECT r.rating_id, r.content_sha256, i.content_sha256 FROM ratings r JOIN items i ON i.seq = r.item_seq
                    WHERE r.seq <= \(watermark) AND r.rating_id > \(after) ORDER BY r.rating_id LIMIT 10000
                    """)
            }
            if page.isEmpty { break }
            for row in page {
                let (ratingID, content, item) = try row.decode((String, String, String).self)
                hasher.update(ratingID)
                hasher.update("\t")
                hasher.update(content)
                hasher.update("\t")
                hasher.update(item)
                hasher.update("\n")
                ratings += 1
                after = ratingID
            }
        }
        let counts = try session.row(
            "SELECT COUNT(DISTINCT item_seq)::BIGINT, COUNT(DISTINCT annotator_seq)::BIGINT FROM ratings WHERE seq <= \(watermark)")
        var items: Int64 = 0
        var annotators: Int64 = 0
        if let counts { (items, annotators) = try counts.decode((Int64, Int64).self) }
        return SnapshotDigest(digest: hasher.finalize().hex, ratings: ratings, items: Int(items), annotators: Int(annotators))
    }
}
