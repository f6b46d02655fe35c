import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// The audit log detects edits and deletions made behind Assay's back with the `sqlite3` shell.
@Suite("Audit chain")
struct AuditChainTests {
    /// A store with two batches and a snapshot (four audit entries).
    static func makeStore(_ folder: TemporaryDirectory) throws -> String {
        let path = folder.path("audit.sqlite")
        let store = try SQLiteStore(path: path)
        try ingest([pairwise("r-1", texts: true), pairwise("r-2", annotator: "ann-2")].joined(separator: "\n"), into: store)
        try ingest([pairwise("r-3", annotator: "ann-3", choice: "b")].joined(separator: "\n"), into: store)
        _ = try store.createSnapshot(name: "s1", upToBatch: nil, actor: "tester")
        try store.appendAudit(AuditEvent(actor: "tester", action: "review.decided", subject: "ann-2", at: .now))
        let verification = try store.verifyAudit()
        #expect(verification.isValid)
        #expect(verification.entries == 4)
        return path
    }

    @Test("an intact log verifies")
    func intact() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        let result = try SQLiteStore(path: path).verifyAudit()
        #expect(result.isValid)
        #expect(result.entries == 4)
        #expect(try SQLiteStore(path: path).auditHead() == result.headHash)
    }

    @Test("stored rows are append-only: UPDATE and DELETE are refused")
    func appendOnly() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        let update = try ProcessRunner.sqlite3(path, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
        #expect(update.status != 0)
        #expect(update.stderr.contains("audit_log is append-only"))
        let delete = try ProcessRunner.sqlite3(path, "DELETE FROM ratings WHERE rating_id = 'r-1'")
        #expect(delete.stderr.contains("ratings is append-only"))
    }

    @Test("an edited entry is named")
    func editedEntry() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.sequence == 2)
        #expect(problem?.description == "audit entry #2: its content does not match its hash (entry edited)")
    }

    @Test("a deleted entry is named")
    func deletedEntry() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3")
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.sequence == 3)
        #expect(problem?.reason.contains("entry deleted") == true)
    }

    @Test("an entry re-hashed after an edit still breaks the link to its successor")
    func rehashedEntry() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(path, "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = 'ff' || substr(hash, 3) WHERE seq = 1")
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.sequence == 1)
    }

    @Test("an edited rating is found through its batch's entry")
    func editedRating() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(
            path,
            #"DROP TRIGGER ratings_no_update; UPDATE ratings SET content = replace(content, '"choice":"a"', '"choice":"b"') WHERE rating_id = 'r-2'"#)
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.sequence == 1)
        #expect(problem?.reason.contains("rating r-2: its content does not match its sha256") == true)
    }

    @Test("a deleted rating is found through its batch's entry")
    func deletedRating() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(path, "DROP TRIGGER ratings_no_delete; DELETE FROM ratings WHERE rating_id = 'r-3'")
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.sequence == 2)
        #expect(problem?.reason.contains("0 stored, 1 accepted") == true)
    }

    @Test("a deleted annotator or item leaves ratings pointing nowhere, and verify says so")
    func danglingReference() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        try ProcessRunner.sqlite3(path, "DROP TRIGGER annotators_no_delete; DELETE FROM annotators WHERE annotator_id = 'ann-3'")
        let problem = try SQLiteStore(path: path).verifyAudit().firstProblem
        #expect(problem?.reason.contains("ratings row 3 refers to a missing annotators row") == true, "\(String(describing: problem))")
    }

    @Test("assay audit verify exits non-zero and names the first bad entry")
    func commandLine() throws {
        let folder = TemporaryDirectory()
        let path = try Self.makeStore(folder)
        let good = try ProcessRunner.assay(["audit", "verify", "--db", path])
        #expect(good.status == 0)
        #expect(good.stdout.hasPrefix("audit log OK: 4 entries"))
        try ProcessRunner.sqlite3(path, "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2")
        let bad = try ProcessRunner.assay(["audit", "verify", "--db", path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("audit log BROKEN: audit entry #2"))
    }
}
