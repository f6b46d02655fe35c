import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// A cleaning run keeps only the newest revision of a rating (`meta.supersedes`, Docs/ingest.md "Revisions"): the
/// real `assay clean` over ratings where edits arrived as new ratings.
@Suite struct RevisionTests {
    static func rating(
        _ id: String, _ annotator: String, _ item: String, _ choice: String, at time: String, supersedes: String? = nil, texts: Bool = false
    ) -> String {
        let carried = texts ? #","prompt":"Which is right?","responses":[{"id":"a","text":"yes"},{"id":"b","text":"no"}]"# : ""
        let meta = supersedes.map { #","meta":{"source":"label-studio","supersedes":"\#($0)"}"# } ?? ""
        return
            #"{"rating_id":"\#(id)","annotator_id":"\#(annotator)","item_id":"\#(item)","kind":"pairwise"\#(carried),"choice":"\#(choice)","submitted_at":"2026-12-01T\#(time)Z"\#(meta)}"#
    }

    @Test func theNewestRevisionOfEachRatingIsTheOneTheRunUses() throws {
        let folder = TemporaryDirectory("assay-revisions")
        let lines = [
            // i1: a, a, b, b, and u5's a edited to b: 2 a : 3 b once the edit supersedes the first state.
            Self.rating("r1", "u1", "i1", "a", at: "10:00:00", texts: true), Self.rating("r2", "u2", "i1", "a", at: "10:00:01"),
            Self.rating("r3", "u3", "i1", "b", at: "10:00:02"), Self.rating("r4", "u4", "i1", "b", at: "10:00:03"),
            Self.rating("r5", "u5", "i1", "a", at: "10:00:04"), Self.rating("r5-rev", "u5", "i1", "b", at: "10:05:00", supersedes: "r5"),
            // i2: u1 cannot supersede u2's rating: both stay.
            Self.rating("y1", "u1", "i2", "a", at: "10:00:00", texts: true), Self.rating("y2", "u2", "i2", "b", at: "10:00:01"),
            Self.rating("y3", "u1", "i2", "a", at: "10:09:00", supersedes: "y2"),
            // i3: a chain, c2 supersedes c1 supersedes c0: c2 stays.
            Self.rating("c0", "u1", "i3", "a", at: "10:00:00", texts: true), Self.rating("c1", "u1", "i3", "b", at: "10:01:00", supersedes: "c0"),
            Self.rating("c2", "u1", "i3", "a", at: "10:02:00", supersedes: "c1"),
            // i4: an older revision ingested after a newer one: the newest by submitted_at stays (d2).
            Self.rating("d0", "u1", "i4", "a", at: "10:00:00", texts: true), Self.rating("d2", "u1", "i4", "b", at: "10:10:00", supersedes: "d0"),
            Self.rating("d1", "u1", "i4", "a", at: "10:05:00", supersedes: "d0"),
        ]
        let input = folder.write("ratings.jsonl", lines.joined(separator: "\n") + "\n")
        let out = folder.path("run")
        let run = try ProcessRunner.assay(["clean", "--input", input, "--out", out, "--key", CleanRun.privateKey, "--no-rules"])
        #expect(run.status == 0, "\(run.stderr)")
        let annotators = Dictionary(
            uniqueKeysWithValues: try CleanRun.lines(out + "/annotators.jsonl").map { ($0["annotator_id"]?.stringValue ?? "", $0) })
        // u1: r1, y1, y3, c2, d2 (c0, c1, d0, d1 superseded); u5: only the edit.
        #expect(annotators["u1"]?["ratings"] == .number(5))
        #expect(annotators["u5"]?["ratings"] == .number(1))
        #expect(annotators["u2"]?["ratings"] == .number(2))
        let dataset = try CleanRun.lines(out + "/dataset.jsonl")
        #expect(dataset.first { $0["item_id"]?.stringValue == "i1" }?["chosen_id"]?.stringValue == "b", "\(dataset)")
        let report = try String(contentsOfFile: out + "/report.md", encoding: .utf8)
        #expect(report.contains("5 ratings superseded by a later revision"))
        let exclusions = try String(contentsOfFile: out + "/exclusions.jsonl", encoding: .utf8)
        #expect(!exclusions.contains("\"r5\""))
    }
}
