import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Testing

@Suite("Idempotent ingest")
struct IdempotencyTests {
    @Test("re-sending the same ratings is a no-op counted as duplicates", arguments: Backend.allCases)
    func duplicates(backend: Backend) throws {
        let store = try makeStore(backend)
        let lines = [pairwise("r-1", texts: true), pairwise("r-2", annotator: "ann-2", choice: "b")].joined(separator: "\n")
        let (first, _) = try ingest(lines, into: store)
        #expect(first.counts == IngestCounts(accepted: 2))
        let (second, problems) = try ingest(lines, into: store)
        #expect(second.counts == IngestCounts(duplicates: 2))
        #expect(problems.isEmpty)
        #expect(try store.statistics().ratings == 2)
    }

    @Test("same content spelled differently (member order, time zone, whitespace) is still a duplicate", arguments: Backend.allCases)
    func canonicalDuplicates(backend: Backend) throws {
        let store = try makeStore(backend)
        try ingest(pairwise("r-1", texts: true, at: "2026-11-20T10:00:00Z"), into: store)
        let respelled =
            #"{ "choice":"a", "kind":"pairwise", "submitted_at":"2026-11-20T11:00:00.000+01:00", "item_id":"cmp-1", "annotator_id":"ann-1", "rating_id":"r-1" }"#
        let (result, _) = try ingest(respelled, into: store)
        #expect(result.counts == IngestCounts(duplicates: 1))
    }

    @Test("a known rating_id with other content is a conflict and is never applied", arguments: Backend.allCases)
    func conflict(backend: Backend) throws {
        let store = try makeStore(backend)
        try ingest(pairwise("r-1", choice: "a", texts: true), into: store)
        let (result, problems) = try ingest(pairwise("r-1", choice: "b"), into: store)
        #expect(result.counts == IngestCounts(conflicts: 1))
        #expect(problems.first?.kind == .conflict)
        #expect(problems.first?.field == "rating_id")
        var choices: [String] = []
        try store.forEachRating(upTo: .max) { stored in
            if case .pairwise(let choice, _) = stored.rating.answer { choices.append(choice.contractValue) }
        }
        #expect(choices == ["a"])
    }

    @Test("all-or-nothing stores nothing from a batch with a bad record", arguments: Backend.allCases)
    func allOrNothing(backend: Backend) throws {
        let store = try makeStore(backend)
        let lines = [pairwise("r-1", texts: true), pairwise("r-2", choice: "z")].joined(separator: "\n")
        #expect(throws: StoreError.self) { try ingest(lines, into: store, allOrNothing: true) }
        #expect(try store.statistics().ratings == 0)
        #expect(try store.statistics().batches == 0)
        #expect(try store.verifyAudit().isValid)
        let (result, _) = try ingest(lines, into: store)
        #expect(result.counts == IngestCounts(accepted: 1, rejected: 1))
    }

    @Test("a long input split into batches: each batch is atomic and re-running finds duplicates", arguments: Backend.allCases)
    func splitBatches(backend: Backend) throws {
        let store = try makeStore(backend)
        let lines = (1...25).map { pairwise("r-\($0)", annotator: "ann-\($0 % 4)", texts: $0 == 1) }.joined(separator: "\n")
        let (result, _) = try ingest(lines, into: store, batchSize: 10)
        #expect(result.batches.count == 3)
        #expect(result.batches.map(\.counts.accepted) == [10, 10, 5])
        let (again, _) = try ingest(lines, into: store, batchSize: 10)
        #expect(again.counts == IngestCounts(duplicates: 25))
    }
}
