import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func statistics() throws -> StoreStatistics {
        try read { session in
            var byKind: [String: Int] = [:]
            for row in try session.rows("SELECT kind, COUNT(*)::BIGINT FROM ratings GROUP BY kind") {
                let (code, count) = try row.decode((Int64, Int64).self)
                byKind[RatingKind(code: UInt8(truncatingIfNeeded: code))?.rawValue ?? "unknown"] = Int(count)
            }
            func count(_ sql: String) throws -> Int {
                Int(try session.row(PostgresQuery(unsafeSQL: sql))?.column(0, as: Int64.self) ?? 0)
            }
            func counts(_ sql: String) throws -> [Int] {
                try session.rows(PostgresQuery(unsafeSQL: sql)).map { Int(try $0.column(0, as: Int64.self)) }
            }
            let perItem = try counts("SELECT COUNT(*)::BIGINT AS n FROM ratings GROUP BY item_seq ORDER BY n")
            let perAnnotator = try counts("SELECT COUNT(*)::BIGINT AS n FROM ratings GROUP BY annotator_seq ORDER BY n")
            return StoreStatistics(
                ratings: try count("SELECT COUNT(*)::BIGINT FROM ratings"), ratingsByKind: byKind,
                goldRatings: try count(
                    "SELECT COUNT(*)::BIGINT FROM ratings WHERE (content::jsonb) ? 'gold' AND (content::jsonb)->'gold' <> 'null'::jsonb"),
                items: try count("SELECT COUNT(*)::BIGINT FROM items"), annotators: try count("SELECT COUNT(*)::BIGINT FROM annotators"),
                batches: try count("SELECT COUNT(*)::BIGINT FROM batches"), distinctTexts: try count("SELECT COUNT(*)::BIGINT FROM texts"),
                snapshots: try count("SELECT COUNT(*)::BIGINT FROM snapshots"),
                auditEntries: try count("SELECT COUNT(*)::BIGINT FROM audit_log"), ratingsPerItem: .init(sortedCounts: perItem),
                ratingsPerAnnotator: .init(sortedCounts: perAnnotator))
        }
    }
}
