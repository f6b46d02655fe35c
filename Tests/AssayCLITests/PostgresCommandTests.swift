import AssayTestSupport
import Foundation
import Testing

/// The commands on a real PostgreSQL database (``TestPostgres``): the same main job as on SQLite.
@Suite("assay on PostgreSQL")
struct PostgresCommandTests {
    @Test("ingest, audit verify, stats and clean with --db postgresql://…; the run's outputs equal the SQLite run's")
    func mainJobOnPostgres() throws {
        let url = try TestPostgres.shared().createDatabase()
        let folder = TemporaryDirectory()
        let sample = Repository.fixture("sample/ratings.jsonl")
        let key = Repository.fixture("keys/test-ed25519-private.pem")

        let first = try ProcessRunner.assay(["ingest", sample, "--db", url])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("total: accepted 6500, duplicate 0, conflict 0, rejected 0"), "\(first.stdout)")
        let again = try ProcessRunner.assay(["ingest", sample, "--db", url, "--batch-size", "1000"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("total: accepted 0, duplicate 6500, conflict 0, rejected 0"), "\(again.stdout)")
        let stats = try ProcessRunner.assay(["stats", "--db", url])
        #expect(stats.stdout.contains("ratings:     6,500 (pairwise 5,000, ranking 500, score 1,000;"), "\(stats.stdout)")

        let verify = try ProcessRunner.assay(["audit", "verify", "--db", url])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("audit log OK:"), "\(verify.stdout)")

        let cleaned = try ProcessRunner.assay(["clean", "--db", url, "--out", folder.path("pg"), "--key", key])
        #expect(cleaned.status == 0, "\(cleaned.stderr)")

        // The same input through SQLite: the same cleaned data set, byte for byte.
        let db = folder.path("a.sqlite")
        #expect(try ProcessRunner.assay(["ingest", sample, "--db", db]).status == 0)
        #expect(try ProcessRunner.assay(["clean", "--db", db, "--out", folder.path("sqlite"), "--key", key]).status == 0)
        for file in ["dataset.jsonl", "annotators.jsonl", "exclusions.jsonl"] {
            let postgres = try Data(contentsOf: URL(fileURLWithPath: folder.path("pg/\(file)")))
            let sqlite = try Data(contentsOf: URL(fileURLWithPath: folder.path("sqlite/\(file)")))
            #expect(!postgres.isEmpty)
            #expect(postgres == sqlite, "\(file) differs between the backends")
        }
        let verifyAfter = try ProcessRunner.assay(["audit", "verify", "--db", url])
        #expect(verifyAfter.status == 0, "\(verifyAfter.stderr)")
    }
}
