import AssayIngest
import AssayStore
import AssayTestSupport
import Foundation
import Testing

@Suite("Snapshots")
struct SnapshotTests {
    static let lines = (1...40).map {
        pairwise("r-\($0)", annotator: "ann-\($0 % 5)", item: "cmp-\($0 % 7)", choice: $0 % 3 == 0 ? "b" : "a", texts: $0 <= 7)
    }

    @Test("the digest depends on content only, not on ingest order or batch boundaries", arguments: Backend.allCases)
    func orderIndependent(backend: Backend) throws {
        let first = try makeStore(backend)
        try ingest(Self.lines.joined(separator: "\n"), into: first)
        let second = try makeStore(backend)
        // Items first (they carry the texts), then the rest in reverse, in small batches.
        let reordered = Array(Self.lines.prefix(7)) + Self.lines.dropFirst(7).reversed()
        try ingest(reordered.joined(separator: "\n"), into: second, batchSize: 6)
        let a = try first.createSnapshot(name: "s", upToBatch: nil, actor: "t")
        let b = try second.createSnapshot(name: "s", upToBatch: nil, actor: "t")
        #expect(a.digest == b.digest)
        #expect(a.ratings == 40)
        #expect(a.items == 7)
        #expect(a.annotators == 5)
    }

    @Test("changing one rating changes the digest", arguments: Backend.allCases)
    func sensitive(backend: Backend) throws {
        let first = try makeStore(backend)
        try ingest(Self.lines.joined(separator: "\n"), into: first)
        var changed = Self.lines
        changed[19] = changed[19].replacingOccurrences(of: #""choice":"a""#, with: #""choice":"tie""#)
        #expect(changed != Self.lines)
        let second = try makeStore(backend)
        try ingest(changed.joined(separator: "\n"), into: second)
        #expect(try first.computeSnapshotDigest(watermark: .max).digest != second.computeSnapshotDigest(watermark: .max).digest)
    }

    @Test("a snapshot is stable: re-computed later, after more ingests, it is unchanged", arguments: Backend.allCases)
    func stable(backend: Backend) throws {
        let store = try makeStore(backend)
        let (result, _) = try ingest(Self.lines.prefix(20).joined(separator: "\n"), into: store)
        let snapshot = try store.createSnapshot(name: "first-half", upToBatch: result.batches[0].batchID, actor: "t")
        try ingest(Self.lines.dropFirst(20).joined(separator: "\n"), into: store)
        let later = try store.computeSnapshotDigest(watermark: snapshot.watermark)
        #expect(later.digest == snapshot.digest)
        #expect(later.ratings == 20)
        #expect(try store.snapshot(named: "first-half") == snapshot)
        #expect(throws: StoreError.self) { try store.createSnapshot(name: "first-half", upToBatch: nil, actor: "t") }
    }

    @Test("the bundled sample has a pinned digest (guards the canonical encoding across versions)", arguments: Backend.allCases)
    func pinnedFixtureDigest(backend: Backend) throws {
        let store = try makeStore(backend)
        let path = Repository.fixture("sample/ratings.jsonl")
        _ = try Ingestor(store: store).ingest(
            JSONLinesSource(stream: try ByteStream(path: path), origin: path), options: IngestOptions(source: "t", submitter: "t"))
        let digest = try store.computeSnapshotDigest(watermark: .max)
        #expect(digest.ratings == 6_500)
        #expect(digest.digest == SnapshotTests.sampleDigest)
    }

    static let sampleDigest = "e1f65e851658a5349c1eb47d2d5ecaf8cfdae809e56385a4829a028c7e0c49c1"
}
