import AssayTestSupport
import Foundation
import Testing

@Suite("assay import label-studio")
struct ImportLabelStudioCommandTests {
    @Test("the fixture export: summary on stdout, rejections on stderr and in --rejects, exit 3; the output ingests")
    func fixtureExport() throws {
        let folder = TemporaryDirectory()
        let out = folder.path("ls.jsonl")
        let rejects = folder.path("ls-rejects.jsonl")
        let result = try ProcessRunner.assay([
            "import", "label-studio", Repository.fixture("label-studio/export.json"), "--out", out, "--rejects", rejects,
        ])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("imported 7 of 14 annotations in 7 tasks (3 with gold); skipped 2 (cancelled 1, empty result 1); rejected 5"))
        #expect(result.stderr.contains("task 105 (2 annotations): bad task data: data has no \"prompt\" string"))
        #expect(result.stderr.contains("task 102, annotation 1007: bad answer: choice \"Can't decide\""))
        let notes = try String(contentsOfFile: rejects, encoding: .utf8).split(separator: "\n")
        #expect(notes.count == 7)
        #expect(notes.filter { $0.contains(#""outcome":"skipped""#) }.count == 2)
        #expect(notes.contains { $0.contains(#""task":"105""#) && $0.contains(#""annotations":2"#) && $0.contains(#""reason":"bad task data""#) })

        let db = folder.path("a.sqlite")
        let ingest = try ProcessRunner.assay(["ingest", out, "--db", db])
        #expect(ingest.status == 0, "\(ingest.stderr)")
        #expect(ingest.stdout.contains("total: accepted 7, duplicate 0, conflict 0, rejected 0"))
        let stats = try ProcessRunner.assay(["stats", "--db", db])
        #expect(stats.stdout.contains("ratings:     7 (pairwise 5, ranking 1, score 1;"), "\(stats.stdout)")
    }

    @Test("assay ingest --format label-studio reads the export directly: the same 7 ratings, exit 3 for the rejected")
    func ingestFormat() throws {
        let folder = TemporaryDirectory()
        let db = folder.path("a.sqlite")
        let export = Repository.fixture("label-studio/export.json")
        let result = try ProcessRunner.assay(["ingest", export, "--format", "label-studio", "--db", db])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stdout.contains("label studio export: imported 7 of 14 annotations"))
        #expect(result.stdout.contains("total: accepted 7, duplicate 0, conflict 0, rejected 0"))
        #expect(result.stderr.contains("task 105 (2 annotations): bad task data"))
        let again = try ProcessRunner.assay(["ingest", export, "--format", "label-studio", "--db", db, "--quiet"])
        #expect(again.stdout.contains("total: accepted 0, duplicate 7, conflict 0, rejected 0"))
    }

    @Test("bad options are refused before reading the export")
    func badOptions() throws {
        let result = try ProcessRunner.assay([
            "import", "label-studio", Repository.fixture("label-studio/export.json"), "--out", "-", "--rating-scale", "5,1",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--rating-scale takes MIN,MAX with MIN < MAX"))
    }
}
