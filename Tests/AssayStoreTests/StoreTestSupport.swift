import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation

/// Ingests JSON Lines text into a store, the way `assay ingest` does.
@discardableResult
func ingest(
    _ text: String, into store: any AssayStore, source: String = "test", submitter: String = "tester",
    allOrNothing: Bool = false, batchSize: Int? = nil
) throws -> (IngestResult, [RatingError]) {
    var problems: [RatingError] = []
    let result = try Ingestor(store: store).ingest(
        JSONLinesSource(stream: ByteStream(bytes: Array(text.utf8)), origin: "memory"),
        options: IngestOptions(source: source, submitter: submitter, allOrNothing: allOrNothing, recordsPerBatch: batchSize),
        onProblem: { problems.append($0) })
    return (result, problems)
}

/// A pairwise rating line for tests.
func pairwise(
    _ id: String, annotator: String = "ann-1", item: String = "cmp-1", choice: String = "a", texts: Bool = false,
    at time: String = "2026-11-20T10:00:00Z"
) -> String {
    let itemTexts = texts ? #","prompt":"Which is better?","responses":[{"id":"a","text":"Alpha"},{"id":"b","text":"Beta"}]"# : ""
    return
        #"{"rating_id":"\#(id)","annotator_id":"\#(annotator)","item_id":"\#(item)","kind":"pairwise"\#(itemTexts),"choice":"\#(choice)","submitted_at":"\#(time)"}"#
}
