import AssayTestSupport
import Foundation
import Testing

/// Options with a fixed set of values are typed (`ExpressibleByArgument`): a wrong value is refused before anything
/// runs, with the valid values listed from the type itself.
@Suite("typed options")
struct TypedOptionsTests {
    @Test("token create --role and ingest --format refuse unknown values and list the valid ones")
    func unknownValuesAreRefused() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let role = try ProcessRunner.assay(["token", "create", "--role", "root", "--name", "x", "--db", db])
        #expect(role.status == 64)
        #expect(role.stderr.contains("'ingest', 'reviewer' or 'admin'"), "\(role.stderr)")
        let format = try ProcessRunner.assay(["ingest", Repository.fixture("sample/ratings.jsonl"), "--format", "xml", "--db", db])
        #expect(format.status == 64)
        #expect(format.stderr.contains("'jsonl', 'csv' or 'label-studio'"), "\(format.stderr)")
        #expect(!FileManager.default.fileExists(atPath: db), "nothing is opened before the options are valid")
        let created = try ProcessRunner.assay(["token", "create", "--role", "reviewer", "--name", "alice", "--db", db])
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stderr.contains("(reviewer)"))
    }
}
