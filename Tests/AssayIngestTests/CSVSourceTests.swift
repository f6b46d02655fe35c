import AssayIngest
import AssayModel
import AssayStore
import AssayTestSupport
import Testing

@Suite("Pairwise CSV")
struct CSVSourceTests {
    @Test("the sample CSV ingests: quoted commas, doubled quotes, multi-line text, shown order, meta columns")
    func sample() throws {
        let folder = TemporaryDirectory()
        let store = try SQLiteStore(path: folder.path("a.sqlite"))
        let path = Repository.fixture("sample/pairwise.csv")
        var problems: [RatingError] = []
        let result = try Ingestor(store: store).ingest(
            try PairwiseCSVSource(stream: try ByteStream(path: path), origin: path),
            options: IngestOptions(source: "csv", submitter: "t"), onProblem: { problems.append($0) })
        #expect(problems.isEmpty)
        #expect(result.counts == IngestCounts(accepted: 10))
        let items = try store.items(upTo: .max)
        let hamlet = try #require(items.first { $0.id == "csv-item-2" })
        #expect(hamlet.prompt == #"Summarise the plot of "Hamlet" in two sentences."#)
        #expect(hamlet.responses[0].text.contains("uncle.\nThe revenge"))
        var first: Rating?
        try store.forEachRating(upTo: .max) { if $0.rating.ratingID == "csv-0001" { first = $0.rating } }
        #expect(first?.shownOrder == ["b", "a"])
        #expect(first?.meta == .object([("batch", .string("csv-demo"))]))
        #expect(first?.answer == .pairwise(choice: .response("a"), strength: 0.9))
    }

    @Test(
        "header problems are refused before any record",
        arguments: [
            ("rating_id,annotator_id,item_id,submitted_at\n", #"bad CSV header: missing required column "choice""#),
            ("rating_id,annotator_id,item_id,submitted_at,choice,colour\n", #"bad CSV header: unknown column "colour""#),
            ("", "bad CSV header: the file is empty"),
        ])
    func badHeader(_ text: String, _ message: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.write("bad.csv", text)
        #expect {
            _ = try PairwiseCSVSource(stream: try ByteStream(path: path), origin: path)
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("bad rows are rejected one by one with their line")
    func badRows() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "rows.csv",
            """
            rating_id,annotator_id,item_id,prompt,response_a,response_b,choice,submitted_at,strength
            c1,a1,i1,P,A,B,a,2026-11-20T10:00:00Z,
            c2,a1,i1,,,,a,2026-11-20T10:00:00Z
            c3,a1,i1,,,,"a"x,2026-11-20T10:00:00Z,
            c4,a1,i1,,,,a,2026-11-20T10:00:00Z,strong
            c5,a1,i2,P,A,,a,2026-11-20T10:00:00Z,

            """)
        let store = try SQLiteStore(path: folder.path("a.sqlite"))
        var problems: [RatingError] = []
        let result = try Ingestor(store: store).ingest(
            try PairwiseCSVSource(stream: try ByteStream(path: path), origin: path),
            options: IngestOptions(source: "csv", submitter: "t"), onProblem: { problems.append($0) })
        #expect(result.counts == IngestCounts(accepted: 1, rejected: 4))
        #expect(
            problems.map(\.description) == [
                "line 3: has 8 fields; the header has 9",
                "line 4: not valid CSV: text after a closing quote in field 7",
                #"line 5, rating_id "c4", field "strength": "strong" is not a number"#,
                #"line 6, rating_id "c5", field "responses": response_a and response_b must both be given, or neither"#,
            ])
    }
}
