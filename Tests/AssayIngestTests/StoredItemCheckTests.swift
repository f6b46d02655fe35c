import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Ratings of an item stored by an earlier batch, as a stream sends them: the writer finds the item as an outline
/// (response ids and digest, no texts), and still applies every item rule. A rating without texts is checked against
/// the stored response ids; one that carries texts is compared with the stored texts, and a difference is a conflict
/// naming the field that differs.
@Suite struct StoredItemCheckTests {
    private static let first = """
        {"rating_id":"s-1","annotator_id":"ann-1","item_id":"cmp-1","kind":"pairwise","prompt":"How do I reset my router?","responses":[{"id":"a","text":"Unplug it for 30 seconds."},{"id":"b","text":"Buy a new one."}],"choice":"a","submitted_at":"2026-11-20T10:00:00Z"}
        {"rating_id":"s-2","annotator_id":"ann-1","item_id":"rank-1","kind":"ranking","prompt":"Best fruit?","responses":[{"id":"a","text":"Apple"},{"id":"b","text":"Pear"},{"id":"c","text":"Plum"}],"ranking":["a","b","c"],"submitted_at":"2026-11-20T10:00:01Z"}

        """

    private static let later = """
        {"rating_id":"s-3","annotator_id":"ann-2","item_id":"cmp-1","kind":"pairwise","choice":"b","submitted_at":"2026-11-21T10:00:00Z"}
        {"rating_id":"s-4","annotator_id":"ann-2","item_id":"cmp-1","kind":"pairwise","choice":"z","submitted_at":"2026-11-21T10:00:01Z"}
        {"rating_id":"s-5","annotator_id":"ann-3","item_id":"cmp-1","kind":"pairwise","prompt":"How do I reset my router?","responses":[{"id":"a","text":"Unplug it for 30 seconds."},{"id":"b","text":"Buy a new one."}],"choice":"tie","submitted_at":"2026-11-21T10:00:02Z"}
        {"rating_id":"s-6","annotator_id":"ann-3","item_id":"cmp-1","kind":"pairwise","prompt":"How do I reboot my router?","choice":"a","submitted_at":"2026-11-21T10:00:03Z"}
        {"rating_id":"s-7","annotator_id":"ann-4","item_id":"cmp-1","kind":"pairwise","prompt":"How do I reset my router?","responses":[{"id":"a","text":"Unplug it for 30 seconds."},{"id":"b","text":"Buy two new ones."}],"choice":"a","submitted_at":"2026-11-21T10:00:04Z"}
        {"rating_id":"s-8","annotator_id":"ann-2","item_id":"rank-1","kind":"ranking","ranking":["c","a"],"submitted_at":"2026-11-21T10:00:05Z"}
        {"rating_id":"s-9","annotator_id":"ann-2","item_id":"rank-1","kind":"ranking","ranking":["c","a","b"],"submitted_at":"2026-11-21T10:00:06Z"}

        """

    @Test func laterBatchesAreCheckedAgainstTheStoredItem() throws {
        let folder = TemporaryDirectory()
        let store = try SQLiteStore(path: folder.path("stream.sqlite"))
        let ingestor = Ingestor(store: store)
        let options = IngestOptions(source: "test", submitter: "test")
        let firstResult = try ingestor.ingest(
            JSONLinesSource(stream: ByteStream(bytes: Array(Self.first.utf8)), origin: "first"), options: options, onProblem: { _ in })
        #expect(firstResult.counts == IngestCounts(accepted: 2, duplicates: 0, conflicts: 0, rejected: 0))
        var problems: [String: RatingError] = [:]
        let result = try ingestor.ingest(
            JSONLinesSource(stream: ByteStream(bytes: Array(Self.later.utf8)), origin: "later"), options: options,
            onProblem: { problems[$0.ratingID ?? ""] = $0 })
        #expect(result.counts == IngestCounts(accepted: 3, duplicates: 0, conflicts: 2, rejected: 2))
        #expect(Set(problems.keys) == ["s-4", "s-6", "s-7", "s-8"])
        #expect(problems["s-4"]?.field == "choice" && problems["s-4"]?.kind == .rejected)
        #expect(problems["s-4"]?.reason.contains(#"(responses: "a", "b", or "tie")"#) == true, "\(problems["s-4"]?.reason ?? "")")
        #expect(problems["s-6"]?.field == "prompt" && problems["s-6"]?.kind == .conflict)
        #expect(problems["s-7"]?.field == "responses" && problems["s-7"]?.kind == .conflict)
        #expect(problems["s-8"]?.field == "ranking" && problems["s-8"]?.kind == .rejected)
        #expect(try store.statistics().ratings == 5)
    }
}
