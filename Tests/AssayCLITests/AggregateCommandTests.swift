import AssayTestSupport
import Foundation
import Testing

/// `assay aggregate` on real crowd data (Zheng et al. 2017, Duck): the command a data scientist runs.
@Suite("assay aggregate")
struct AggregateCommandTests {
    static func accuracy(_ output: String, truth: String) throws -> Double {
        var truthByTask: [String: String] = [:]
        // The reference files have CRLF line ends.
        for line in try String(contentsOfFile: truth, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.count >= 2 { truthByTask[fields[0]] = fields[1] }
        }
        var correct = 0
        var total = 0
        for line in try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",").map(String.init)
            guard let truth = truthByTask[fields[0]] else { continue }
            total += 1
            if fields[1] == truth { correct += 1 }
        }
        return Double(correct) / Double(max(total, 1))
    }

    @Test("Dawid–Skene on Duck: 0.8889 (crowd-kit 0.8889), above majority vote 0.7593; weights in [0, 1]")
    func duck() throws {
        let folder = TemporaryDirectory("assay-aggregate")
        let answers = Repository.fixture("reference/zheng2017/duck/answer.csv")
        let truth = Repository.fixture("reference/zheng2017/duck/truth.csv")
        let args = ["--answers", answers, "--task-column", "question", "--worker-column", "worker", "--label-column", "answer"]
        let ds = try ProcessRunner.assay(
            ["aggregate"] + args + ["--method", "ds", "--out", folder.path("ds.csv"), "--workers-out", folder.path("w.csv")])
        #expect(ds.status == 0, "\(ds.stderr)")
        let mv = try ProcessRunner.assay(["aggregate"] + args + ["--method", "mv", "--out", folder.path("mv.csv")])
        #expect(mv.status == 0)
        let dsAccuracy = try Self.accuracy(folder.path("ds.csv"), truth: truth)
        let mvAccuracy = try Self.accuracy(folder.path("mv.csv"), truth: truth)
        #expect(abs(dsAccuracy - 0.8889) < 0.0001)
        #expect(abs(mvAccuracy - 0.7593) < 0.0001)
        let header = try String(contentsOfFile: folder.path("ds.csv"), encoding: .utf8).split(separator: "\n").first
        #expect(header == "task,label,confidence")
        let weights = try String(contentsOfFile: folder.path("w.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(weights.count == 39)
        #expect(weights.allSatisfy { line in Double(line.split(separator: ",").last ?? "").map { (0...1).contains($0) } ?? false })
    }

    @Test("a malformed CSV names the line and column")
    func malformed() throws {
        let folder = TemporaryDirectory("assay-aggregate")
        let path = folder.write("bad.csv", "task,worker,label\n1,a,x\n2,b\n")
        let result = try ProcessRunner.assay(["aggregate", "--answers", path, "--out", folder.path("o.csv")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Line 3, column 3: expected 3 fields as in the header, found 2"))
    }
}
