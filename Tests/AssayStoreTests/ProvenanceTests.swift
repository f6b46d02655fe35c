import AssayCrypto
import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

@Suite("Provenance")
struct ProvenanceTests {
    @Test("every rating points to its batch: source, submitter, time, raw sha256, line and content digest", arguments: Backend.allCases)
    func everyRatingHasProvenance(backend: Backend) throws {
        let path = Repository.fixture("sample/ratings.jsonl")
        let store = try makeStore(backend)
        let before = Timestamp.now
        let result = try Ingestor(store: store).ingest(
            JSONLinesSource(stream: try ByteStream(path: path), origin: path),
            options: IngestOptions(source: "platform-x", submitter: "alice", recordsPerBatch: 2_000))
        #expect(result.batches.count == 4)
        let fileDigest = try SHA256Digest.hash(contentsOf: URL(fileURLWithPath: path)).hex
        let batches = try result.batches.map { try store.batch($0.batchID) }
        #expect(batches.reduce(0) { $0 + $1.rawBytes } == Int64(try Data(contentsOf: URL(fileURLWithPath: path)).count))
        for batch in batches {
            #expect(batch.source == "platform-x")
            #expect(batch.submitter == "alice")
            #expect(batch.receivedAt >= Timestamp(millisecondsSinceEpoch: before.millisecondsSinceEpoch - 1000))
            #expect(batch.origin.hasPrefix(path + " lines "))
        }
        // One batch over the whole file hashes exactly the file.
        let whole = try Ingestor(store: try makeStore(backend)).ingest(
            JSONLinesSource(stream: try ByteStream(path: path), origin: path),
            options: IngestOptions(source: "platform-x", submitter: "alice"))
        #expect(whole.batches.first?.rawDigest.hex == fileDigest)

        var lineNumber = 0
        var checked = 0
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            lineNumber += 1
            guard lineNumber % 97 == 1 else { continue }
            let rating = try RatingDecoder.decode(try JSONParser.parse(String(line)), lineNumber: lineNumber)
            let provenance = try #require(try store.provenance(ratingID: rating.ratingID))
            #expect(provenance.line == lineNumber)
            #expect(provenance.contentSHA256 == rating.contentDigest.hex)
            #expect(batches.contains(provenance.batch))
            checked += 1
        }
        #expect(checked > 50)
    }
}
