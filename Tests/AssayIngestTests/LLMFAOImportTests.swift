import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Real crowd data nobody here wrote: LLMFAO (dustalov/llmfao, CC BY 4.0) converted and ingested.
@Suite("LLMFAO import")
struct LLMFAOImportTests {
    @Test("all 8,931 judgments convert to contract v1 and ingest with no rejection")
    func importAndIngest() throws {
        let folder = TemporaryDirectory()
        let output = folder.path("llmfao.jsonl")
        var bytes: [UInt8] = []
        let written = try LLMFAOImporter.convert(
            comparisons: Repository.fixture("llmfao/crowd-comparisons.csv"), pairs: Repository.fixture("llmfao/pairs-crowd.jsonl"),
            emit: { bytes.append(contentsOf: $0) })
        FileManager.default.createFile(atPath: output, contents: Data(bytes))
        #expect(written == 8_931)
        let store = try SQLiteStore(path: folder.path("a.sqlite"))
        var problems: [RatingError] = []
        let result = try Ingestor(store: store).ingest(
            JSONLinesSource(stream: try ByteStream(path: output), origin: output),
            options: IngestOptions(source: "llmfao", submitter: "t"), onProblem: { problems.append($0) })
        #expect(problems.isEmpty)
        #expect(result.counts == IngestCounts(accepted: 8_931))
        let stats = try store.statistics()
        #expect(stats.annotators == 124)
        #expect(stats.items == 2_139)
        var ties = 0
        try store.forEachRating(upTo: .max) { stored in
            if case .pairwise(.tie, _) = stored.rating.answer { ties += 1 }
        }
        #expect(ties == 3_471)
    }
}
