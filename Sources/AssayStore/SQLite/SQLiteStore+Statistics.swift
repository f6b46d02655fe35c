import AssayModel
import GRDB

extension SQLiteStore {
    public func statistics() throws -> StoreStatistics {
        try pool.read { db in
            var byKind: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM ratings GROUP BY kind") {
                let code: Int64 = row[0]
                byKind[RatingKind(code: UInt8(truncatingIfNeeded: code))?.rawValue ?? "unknown"] = row[1]
            }
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            let perItem = try Int.fetchAll(db, sql: "SELECT COUNT(*) AS n FROM ratings GROUP BY item_seq ORDER BY n")
            let perAnnotator = try Int.fetchAll(db, sql: "SELECT COUNT(*) AS n FROM ratings GROUP BY annotator_seq ORDER BY n")
            return StoreStatistics(
                ratings: try count("SELECT COUNT(*) FROM ratings"), ratingsByKind: byKind,
                goldRatings: try count("SELECT COUNT(*) FROM ratings WHERE json_extract(content, '$.gold') IS NOT NULL"),
                items: try count("SELECT COUNT(*) FROM items"), annotators: try count("SELECT COUNT(*) FROM annotators"),
                batches: try count("SELECT COUNT(*) FROM batches"), distinctTexts: try count("SELECT COUNT(*) FROM texts"),
                snapshots: try count("SELECT COUNT(*) FROM snapshots"), auditEntries: try count("SELECT COUNT(*) FROM audit_log"),
                ratingsPerItem: .init(sortedCounts: perItem), ratingsPerAnnotator: .init(sortedCounts: perAnnotator))
        }
    }
}
