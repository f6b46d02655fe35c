import AssayIngest
import AssayModel
import AssayStore
import AssayStorePostgres
import AssayTestSupport
import Foundation
import Testing

/// What only the PostgreSQL backend has to show: the database itself refuses edits, tampering
/// by a superuser who bypasses the triggers is detected, digests equal SQLite's, and several
/// nodes (store objects) writing at once keep idempotency and one audit order.
@Suite("PostgreSQL store")
struct PostgresStoreTests {
    static let lines = (1...60).map {
        pairwise("r-\($0)", annotator: "ann-\($0 % 6)", item: "cmp-\($0 % 9)", choice: $0 % 4 == 0 ? "b" : "a", texts: $0 <= 9)
    }

    /// A store with two batches and a snapshot.
    private func populated() throws -> (store: any AssayStore, database: String) {
        let store = try makeStore(.postgresql)
        try ingest(Self.lines.prefix(30).joined(separator: "\n"), into: store)
        try ingest(Self.lines.dropFirst(30).joined(separator: "\n"), into: store)
        _ = try store.createSnapshot(name: "s1", upToBatch: nil, actor: "tester")
        #expect(try store.verifyAudit().isValid)
        return (store, databaseName(store)!)
    }

    @Test("the database refuses UPDATE, DELETE and TRUNCATE, even from psql")
    func appendOnlyInTheDatabase() throws {
        let (_, database) = try populated()
        let server = try TestPostgres.shared()
        for sql in [
            "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1", "DELETE FROM ratings WHERE rating_id = 'r-1'",
            "TRUNCATE batches CASCADE", "UPDATE snapshots SET digest = 'x'",
        ] {
            let result = try server.psql(database, sql)
            #expect(result.status != 0, "\(sql)")
            #expect(result.stderr.contains("is append-only"), "\(sql): \(result.stderr)")
        }
    }

    @Test("a superuser who bypasses the triggers is still found out by audit verify")
    func tamperingIsDetected() throws {
        let server = try TestPostgres.shared()
        let bypass = "SET session_replication_role = replica; "
        let cases: [(sql: String, expected: String)] = [
            ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", "audit entry #2: its content does not match its hash"),
            ("DELETE FROM audit_log WHERE seq = 1", "audit entry #1: missing"),
            (
                #"UPDATE ratings SET content = replace(content, '"choice":"a"', '"choice":"b"') WHERE rating_id = 'r-2'"#,
                "rating r-2: its content does not match its sha256"
            ),
            ("DELETE FROM ratings WHERE rating_id = 'r-40'", "29 stored, 30 accepted"),
            ("DELETE FROM annotators WHERE annotator_id = 'ann-3'", "refers to a missing annotators row"),
            ("UPDATE batches SET source = 'elsewhere' WHERE seq = 1", "no longer matches its audit entry"),
        ]
        for (sql, expected) in cases {
            let (store, database) = try populated()
            let result = try server.psql(database, bypass + sql)
            #expect(result.status == 0, "\(sql): \(result.stderr)")
            let problem = try store.verifyAudit().firstProblem
            #expect(problem?.description.contains(expected) == true, "\(sql): \(String(describing: problem))")
        }
    }

    @Test("the same ratings give the same snapshot digest, batch digests and audit details as SQLite")
    func sameDigestsAsSQLite() throws {
        let sqlite = try makeStore(.sqlite)
        let postgres = try makeStore(.postgresql)
        let path = Repository.fixture("sample/ratings.jsonl")
        var receipts: [[BatchReceipt]] = []
        for store in [sqlite, postgres] {
            let result = try Ingestor(store: store).ingest(
                JSONLinesSource(stream: try ByteStream(path: path), origin: path),
                options: IngestOptions(source: "t", submitter: "t", recordsPerBatch: 2_000))
            receipts.append(result.batches)
        }
        #expect(receipts[0].map(\.ratingsDigest) == receipts[1].map(\.ratingsDigest))
        #expect(receipts[0].map(\.counts) == receipts[1].map(\.counts))
        let a = try sqlite.computeSnapshotDigest(watermark: .max)
        let b = try postgres.computeSnapshotDigest(watermark: .max)
        #expect(a == b)
        #expect(b.digest == SnapshotTests.sampleDigest)
        #expect(try sqlite.items(upTo: .max) == postgres.items(upTo: .max))
        var first: [String] = []
        var second: [String] = []
        try sqlite.forEachRating(upTo: .max) { first.append($0.rating.ratingID + $0.contentSHA256) }
        try postgres.forEachRating(upTo: .max) { second.append($0.rating.ratingID + $0.contentSHA256) }
        #expect(first == second)
        #expect(try sqlite.statistics() == postgres.statistics())
        #expect(try postgres.verifyAudit().isValid)
    }

    @Test("two nodes ingesting the same ratings at once: each stored once, no error, one verified audit chain")
    func concurrentDuplicatesAcrossNodes() throws {
        let first = try makeStore(.postgresql)
        let nodes = [first, try openAgain(first), try openAgain(first), try openAgain(first)]
        let lines = (1...400).map {
            pairwise("c-\($0)", annotator: "ann-\($0 % 13)", item: "cmp-\($0 % 40)", choice: $0 % 3 == 0 ? "b" : "a", texts: true)
        }
        let results = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: nodes.count * 2) { index in
            do {
                // Each node sends everything twice, in 50-rating batches, half of them reversed.
                let ordered = index % 2 == 0 ? lines : lines.reversed()
                let (result, _) = try ingest(ordered.joined(separator: "\n"), into: nodes[index % nodes.count], batchSize: 50)
                results.add(result.counts)
            } catch {
                results.fail("\(error)")
            }
        }
        #expect(results.failures == [])
        #expect(results.total.accepted == 400)
        #expect(results.total.duplicates == 400 * (nodes.count * 2 - 1))
        #expect(results.total.conflicts == 0)
        #expect(try first.statistics().ratings == 400)
        let verification = try first.verifyAudit()
        #expect(verification.isValid, "\(String(describing: verification.firstProblem))")
        let batches = try first.statistics().batches
        #expect(verification.entries == batches)
    }

    @Test("the same Idempotency-Key sent to several nodes at once is stored once; the others replay its receipt")
    func idempotencyKeyAcrossNodes() throws {
        let first = try makeStore(.postgresql)
        let nodes = [first, try openAgain(first), try openAgain(first)]
        let body = (1...200).map { pairwise("k-\($0)", annotator: "ann-\($0 % 7)", item: "cmp-\($0 % 20)", texts: true) }
            .joined(separator: "\n")
        let receipts = ReceiptsBox()
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do {
                let result = try Ingestor(store: nodes[index % nodes.count]).ingest(
                    JSONLinesSource(stream: ByteStream(bytes: Array(body.utf8)), origin: "http"),
                    options: IngestOptions(source: "t", submitter: "t", idempotencyKey: "key-1"))
                receipts.add(result.batches[0])
            } catch {
                receipts.fail("\(error)")
            }
        }
        #expect(receipts.failures == [])
        #expect(Set(receipts.all.map(\.batchID)).count == 1)
        #expect(receipts.all.filter { !$0.replayed }.count == 1)
        #expect(try first.statistics().batches == 1)
        #expect(try first.statistics().ratings == 200)
    }

    @Test("audit entries appended from several nodes at once form one chain")
    func oneAuditOrder() throws {
        let first = try makeStore(.postgresql)
        let nodes = [first, try openAgain(first), try openAgain(first)]
        let failures = ResultsBox()
        DispatchQueue.concurrentPerform(iterations: 30) { index in
            do {
                try nodes[index % nodes.count].appendAudit(
                    AuditEvent(actor: "node-\(index % 3)", action: "test.event", subject: "\(index)", at: .now))
            } catch {
                failures.fail("\(error)")
            }
        }
        #expect(failures.failures == [])
        let verification = try first.verifyAudit()
        #expect(verification.isValid)
        #expect(verification.entries == 30)
        #expect(try first.auditEntries(after: 0, limit: 100).map(\.sequence) == Array(1...30))
    }

    @Test("a wrong port or database gives a clear error naming the URL without its password")
    func clearConnectionErrors() throws {
        let server = try TestPostgres.shared()
        do {
            _ = try PostgresStore(url: "postgresql://postgres:secret@127.0.0.1:\(server.port)/no_such_db")
            Issue.record("opened a missing database")
        } catch {
            let message = "\(error)"
            #expect(message.contains("postgresql://postgres:***@127.0.0.1:\(server.port)/no_such_db"), "\(message)")
            #expect(message.contains("does not exist"), "\(message)")
            #expect(!message.contains("secret"))
        }
        do {
            _ = try PostgresStore(url: "postgresql://postgres:secret@127.0.0.1:1/assay")
            Issue.record("connected to port 1")
        } catch {
            let message = "\(error)"
            #expect(message.contains("postgresql://postgres:***@127.0.0.1:1/assay"), "\(message)")
            #expect(!message.contains("secret"))
        }
        #expect(throws: StoreError.self) { try PostgresStore(url: "postgresql://127.0.0.1/assay") }
    }
}

/// Counts gathered from several threads.
private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var total = IngestCounts()
    private(set) var failures: [String] = []

    func add(_ counts: IngestCounts) {
        lock.lock()
        total = total + counts
        lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }
}

/// Receipts gathered from several threads.
private final class ReceiptsBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var all: [BatchReceipt] = []
    private(set) var failures: [String] = []

    func add(_ receipt: BatchReceipt) {
        lock.lock()
        all.append(receipt)
        lock.unlock()
    }

    func fail(_ message: String) {
        lock.lock()
        failures.append(message)
        lock.unlock()
    }
}
