import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Foundation
import Testing

/// Binary categorical crowd labels (Zheng et al. 2017 Duck, Snow et al. 2008 RTE) as pairwise ratings and a
/// reference, and GPT-4's LLMFAO verdicts as a reference.
@Suite("Crowd and reference import")
struct CrowdImportTests {
    static func convert(
        _ format: CrowdImporter.Format, answers: String, truth: String? = nil, prefix: String
    ) throws -> (summary: CrowdImporter.Summary, ratings: [JSONValue], reference: [JSONValue]) {
        var ratings: [UInt8] = []
        var reference: [UInt8] = []
        let summary = try CrowdImporter.convert(
            format: format, answers: answers, truth: truth, prefix: prefix, emit: { ratings.append(contentsOf: $0) },
            emitReference: { reference.append(contentsOf: $0) })
        func lines(_ bytes: [UInt8]) throws -> [JSONValue] {
            try bytes.split(separator: UInt8(ascii: "\n")).map { try JSONParser.parse(Array($0)) }
        }
        return (summary, try lines(ratings), try lines(reference))
    }

    @Test("Duck: 4,212 labels of 108 questions by 39 workers become pairwise ratings that ingest with no rejection")
    func duck() throws {
        let converted = try Self.convert(
            .zheng2017, answers: Repository.fixture("reference/zheng2017/duck/answer.csv"),
            truth: Repository.fixture("reference/zheng2017/duck/truth.csv"), prefix: "duck")
        #expect(converted.summary == CrowdImporter.Summary(ratings: 4_212, items: 108, annotators: 39, labels: ["0", "1"], referenceItems: 108))
        let first = converted.ratings[0]
        #expect(first["rating_id"] == .string("duck-1") && first["annotator_id"] == .string("duck-w896"))
        #expect(first["item_id"] == .string("duck-36618") && first["choice"] == .string("0"))
        #expect(first["shown_order"] == .array([.string("0"), .string("1")]))
        #expect(first["submitted_at"] == .string("2020-01-01T00:00:00.000Z"))
        #expect(first["meta"]?["synthetic_time"] == .bool(true))
        #expect(first["duration_ms"] == nil)
        #expect(converted.ratings[1]["submitted_at"] == .string("2020-01-01T00:00:01.000Z"))
        #expect(converted.reference[0] == .object([("item_id", .string("duck-36618")), ("answer", .string("0"))]))

        let folder = TemporaryDirectory()
        let path = folder.path("duck.jsonl")
        FileManager.default.createFile(
            atPath: path, contents: Data(converted.ratings.map { JSONWriter.encode($0) + "\n" }.joined().utf8))
        let store = try SQLiteStore(path: folder.path("a.sqlite"))
        var problems: [RatingError] = []
        let result = try Ingestor(store: store).ingest(
            JSONLinesSource(stream: try ByteStream(path: path), origin: path), options: IngestOptions(source: "duck", submitter: "t"),
            onProblem: { problems.append($0) })
        #expect(problems.isEmpty)
        #expect(result.counts == IngestCounts(accepted: 4_212))
    }

    @Test("RTE: the gold column becomes the reference; labels 0 and 1")
    func rte() throws {
        let converted = try Self.convert(.snow2008, answers: Repository.fixture("reference/snow2008/rte.standardized.tsv"), prefix: "rte")
        #expect(converted.summary == CrowdImporter.Summary(ratings: 8_000, items: 800, annotators: 164, labels: ["0", "1"], referenceItems: 800))
        #expect(converted.ratings[0]["meta"]?["amt_annotation_id"] == .string("89KZPYXSTGTJ0CZY2Y1ZB28YQ9GBT88Z2W1KDYTZ"))
        #expect(converted.reference.filter { $0["answer"] == .string("1") }.count == 400)
    }

    @Test("multi-class sets (Dog, WSD) are refused: they do not fit the pairwise contract")
    func multiClass() throws {
        for (format, answers, truth) in [
            (CrowdImporter.Format.zheng2017, "reference/zheng2017/dog/answer.csv", "reference/zheng2017/dog/truth.csv" as String?),
            (.snow2008, "reference/snow2008/wsd.standardized.tsv", nil),
        ] {
            do {
                _ = try Self.convert(format, answers: Repository.fixture(answers), truth: truth.map(Repository.fixture), prefix: "x")
                Issue.record("\(answers) accepted")
            } catch {
                #expect("\(error)".contains("multi-class set does not fit the pairwise contract"), "\(error)")
            }
        }
    }

    @Test("a missing column and an inconsistent gold label are errors naming the file and line")
    func malformed() throws {
        let folder = TemporaryDirectory()
        let noWorker = folder.write("a.csv", "question,answer\n1,0\n")
        #expect(throws: (any Error).self) { try Self.convert(.zheng2017, answers: noWorker, prefix: "x") }
        do {
            _ = try Self.convert(.zheng2017, answers: noWorker, prefix: "x")
        } catch {
            #expect("\(error)" == "\(noWorker) line 1: no column worker in the header (expected question, worker, answer)")
        }
        let tsv = folder.write(
            "b.tsv", "!amt_annotation_ids\t!amt_worker_ids\torig_id\tresponse\tgold\na1\tw1\tq1\t1\t1\na2\tw2\tq1\t0\t0\n")
        do {
            _ = try Self.convert(.snow2008, answers: tsv, prefix: "x")
            Issue.record("accepted")
        } catch {
            #expect("\(error)" == "\(tsv) line 3: field gold: item q1 had the gold label 1, here 0")
        }
    }

    @Test("LLMFAO: GPT-4's 2,139 verdicts with the importer's item and response ids")
    func llmfaoReference() throws {
        let verdicts = Repository.sharedDataset("llmfao/gpt4-crowd-comparisons.csv")
        var bytes: [UInt8] = []
        let written = try LLMFAOImporter.convertReference(verdicts: verdicts, emit: { bytes.append(contentsOf: $0) })
        #expect(written == 2_139)
        let lines = try bytes.split(separator: UInt8(ascii: "\n")).map { try JSONParser.parse(Array($0)) }
        #expect(lines[0] == .object([("item_id", .string("llmfao-0")), ("answer", .string("Airoboros L2 70B")), ("source", .string("gpt4"))]))
        #expect(lines[1]["answer"] == .string("Weaver 12k"))
        #expect(lines.filter { $0["answer"] == .string("tie") }.count == 66)
    }
}
