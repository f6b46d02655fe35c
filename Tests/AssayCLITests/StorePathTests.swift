import AssayTestSupport
import Foundation
import Testing

/// `--db` takes a SQLite file (a path or a `file://` URL) or a `postgresql://` URL; any other URL is refused, never created as a file.
@Suite("--db URLs")
struct StorePathTests {
    @Test("unknown schemes and incomplete postgresql:// URLs are refused, no file is created, a password is not echoed")
    func foreignSchemesAreRefused() throws {
        let folder = TemporaryDirectory()
        for (arguments, expected) in [
            (["stats", "--db", "mysql://assay:s3cret@127.0.0.1/assay"], "unknown scheme 'mysql'"),
            (["ingest", Repository.fixture("sample/ratings.jsonl"), "--db", "postgres://127.0.0.1/assay"], "no user name"),
            (["stats", "--db", "postgresql://assay:s3cret@127.0.0.1:5432"], "no database name"),
            (["clean", "--db", "postgresql://assay@127.0.0.1:99999/assay", "--out", folder.path("out"), "--key", folder.path("k.pem")], "port"),
            (["demo", "--db", "postgresql://assay:s3cret@127.0.0.1:5432/assay"], "demo needs a SQLite file path"),
        ] {
            let result = try ProcessRunner.run(Repository.assay, arguments, currentDirectory: folder.path(""))
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("s3cret"), "\(result.stderr)")
        }
        // Nothing was created in the working directory (the old code made ./postgresql:/… as a SQLite file).
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path(""))
        #expect(left.isEmpty, "created \(left)")
    }

    @Test("a postgresql:// URL that leads nowhere names the URL without its password")
    func unreachableDatabase() throws {
        let server = try TestPostgres.shared()
        for (url, expected) in [
            ("postgresql://postgres:s3cret@127.0.0.1:1/assay", "postgresql://postgres:***@127.0.0.1:1/assay"),
            (
                "postgresql://postgres:s3cret@127.0.0.1:\(server.port)/no_such_database",
                "postgresql://postgres:***@127.0.0.1:\(server.port)/no_such_database"
            ),
        ] {
            let result = try ProcessRunner.assay(["stats", "--db", url])
            #expect(result.status != 0)
            #expect(result.stderr.contains("cannot open the store at \(expected)"), "\(result.stderr)")
            #expect(!result.stderr.contains("s3cret"), "\(result.stderr)")
        }
    }

    @Test("a file:// URL opens the SQLite file it names")
    func fileURLOpensThePath() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let result = try ProcessRunner.assay(["ingest", Repository.fixture("sample/ratings.jsonl"), "--db", "file://" + db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: db))
        let stats = try ProcessRunner.assay(["stats", "--db", db])
        #expect(stats.stdout.contains("ratings:     6,500"))
    }
}
