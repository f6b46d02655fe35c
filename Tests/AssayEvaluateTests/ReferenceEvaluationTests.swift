import AssayEvaluate
import AssayModel
import Testing

/// The reference scorer and the baselines on a hand-made run: every figure can be checked by eye.
@Suite("Reference evaluation")
struct ReferenceEvaluationTests {
    /// i1–i4 strict (answers a, b, a, b), i5 tie, i6 strict but never rated.
    static let reference = ReferenceAnswers([
        ("i1", .response("a")), ("i2", .response("b")), ("i3", .response("a")), ("i4", .response("b")), ("i5", .tie),
        ("i6", .response("a")),
    ])

    /// i1 right (margin 0.9), i2 wrong (0.05), i3 right (0.3), i5 on a tie item, i9 not in the reference.
    static let rows = [
        DatasetRow(item: "i1", chosen: "a", rejected: "b", margin: 0.9),
        DatasetRow(item: "i2", chosen: "a", rejected: "b", margin: 0.05),
        DatasetRow(item: "i3", chosen: "a", rejected: "b", margin: 0.3),
        DatasetRow(item: "i5", chosen: "b", rejected: "a", margin: 0.5),
        DatasetRow(item: "i9", chosen: "a", rejected: "b", margin: 1),
    ]

    static func rating(_ id: Int, _ annotator: String, _ item: String, _ choice: String, described: Bool = false) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("rating_id", .string("r\(id)")), ("annotator_id", .string(annotator)), ("item_id", .string(item)), ("kind", .string("pairwise")),
        ]
        if described {
            members.append(
                (
                    "responses",
                    .array([.object([("id", .string("a")), ("text", .string("A"))]), .object([("id", .string("b")), ("text", .string("B"))])])
                ))
        }
        members.append(("choice", .string(choice)))
        return .object(members)
    }

    /// i1: a a tie → a; i2: a b tie tie → no pick (1–1, ties ignored); i3: b b a → b; i4: tie tie b → b (one strict
    /// vote wins although tie has the most); i5: a → a.
    static let votes = PairwiseVotes(ratings: [
        rating(1, "u", "i1", "a", described: true), rating(2, "v", "i1", "a"), rating(3, "w", "i1", "tie"),
        rating(4, "u", "i2", "a", described: true), rating(5, "v", "i2", "b"), rating(6, "w", "i2", "tie"), rating(7, "x", "i2", "tie"),
        rating(8, "u", "i3", "b", described: true), rating(9, "v", "i3", "b"), rating(10, "w", "i3", "a"),
        rating(11, "u", "i4", "tie", described: true), rating(12, "v", "i4", "tie"), rating(13, "w", "i4", "b"),
        rating(14, "x", "i5", "a", described: true),
        .object([("rating_id", .string("s1")), ("annotator_id", .string("u")), ("item_id", .string("s")), ("kind", .string("score"))]),
    ])

    @Test("the dataset's figures: correct, wrong, precision, coverage, tie-item and unreferenced rows")
    func dataset() {
        let figures = ReferenceFigures(rows: Self.rows, reference: Self.reference)
        #expect(figures.rows == 5)
        #expect(figures.correct == 2 && figures.wrong == 1)
        #expect(figures.precision == 2.0 / 3)
        #expect(figures.scoredItems == 3 && figures.strictItems == 5)
        #expect(figures.coverage == 3.0 / 5)
        #expect(figures.tieReferenceRows == 1 && figures.unreferencedRows == 1)
    }

    @Test("margin thresholds keep the rows with margin ≥ the threshold")
    func margins() throws {
        let evaluation = try ReferenceEvaluation(rows: Self.rows, status: [:], reference: Self.reference)
        let cuts = evaluation.byMargin.map { ($0.minMargin, $0.figures.correct, $0.figures.wrong, $0.figures.rows) }
        #expect(cuts.map(\.0) == [0, 0.1, 0.2, 0.3, 0.5])
        #expect(cuts.map(\.1) == [2, 2, 2, 2, 1])
        #expect(cuts.map(\.2) == [1, 0, 0, 0, 0])
        #expect(cuts.map(\.3) == [5, 4, 4, 4, 3])
        #expect(evaluation.marginCutsMatter)
        #expect(evaluation.majorityVote == nil && evaluation.dawidSkene == nil)
    }

    @Test("majority vote: strict votes only, no pick on a draw")
    func majority() {
        let picks = MajorityVoteBaseline.rows(Self.votes)
        #expect(picks.map(\.item) == ["i1", "i3", "i4", "i5"])
        #expect(picks.map(\.chosen) == ["a", "b", "b", "a"])
        #expect(picks.map(\.rejected) == ["b", "a", "a", "b"])
        #expect(picks[0].margin == 2.0 / 3)
        let figures = ReferenceFigures(rows: picks, reference: Self.reference)
        #expect(figures.correct == 2 && figures.wrong == 1 && figures.tieReferenceRows == 1)
        #expect(figures.coverage == 3.0 / 5)
    }

    @Test("the votes: pairwise only, canonical responses from the first rating that lists them")
    func votes() {
        #expect(Self.votes.ratings == 15)
        #expect(Self.votes.votes.count == 14 && Self.votes.strictVotes == 9)
        #expect(Self.votes.items.map(\.id) == ["i1", "i2", "i3", "i4", "i5"])
        #expect(Self.votes.items.allSatisfy { $0.first == "a" && $0.second == "b" })
    }

    @Test("Dawid–Skene picks a response or abstains when tie wins")
    func dawidSkene() throws {
        let picks = try DawidSkeneBaseline.rows(Self.votes)
        #expect(picks.allSatisfy { $0.chosen != $0.rejected })
        #expect(Set(picks.map(\.item)).isSubset(of: ["i1", "i2", "i3", "i4", "i5"]))
        #expect(try DawidSkeneBaseline.rows(PairwiseVotes(ratings: [])).isEmpty)
    }

    @Test("annotators by status: count, mean over annotators and pooled agreement on strict choices")
    func statuses() throws {
        // u: i1 a ✓, i2 a ✗, i3 b ✗ → 1/3; v: i1 ✓, i2 ✓, i3 ✗ → 2/3; w: i3 a ✓, i4 b ✓ → 1; x: only i5 (tie item) → none.
        let status = ["u": "trusted", "v": "trusted", "w": "excluded", "x": "downweighted", "y": "flagged"]
        let evaluation = try ReferenceEvaluation(rows: Self.rows, status: status, reference: Self.reference, votes: Self.votes)
        let groups = Dictionary(uniqueKeysWithValues: evaluation.annotators.map { ($0.status, $0) })
        #expect(evaluation.annotators.map(\.status) == ["trusted", "downweighted", "flagged", "excluded", "all"])
        #expect(groups["trusted"]?.count == 2 && groups["trusted"]?.withAgreement == 2)
        #expect(abs(groups["trusted"]!.meanAgreement - 0.5) < 1e-12)
        #expect(groups["trusted"]?.pooledAgreement == 0.5)
        #expect(groups["excluded"]?.meanAgreement == 1)
        #expect(groups["downweighted"]?.count == 1 && groups["downweighted"]?.withAgreement == 0)
        #expect(groups["downweighted"]!.meanAgreement.isNaN)
        #expect(groups["flagged"]?.count == 1)
        #expect(groups["all"]?.count == 5 && groups["all"]?.withAgreement == 3)
        #expect(abs(groups["all"]!.meanAgreement - (1.0 / 3 + 2.0 / 3 + 1) / 3) < 1e-12)
        #expect(evaluation.majorityVote?.correct == 2)
    }

    @Test("the JSON keys are stable")
    func jsonKeys() throws {
        let evaluation = try ReferenceEvaluation(rows: Self.rows, status: ["u": "trusted"], reference: Self.reference, votes: Self.votes)
        guard case .object(let members) = evaluation.json() else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.key) == [
                "reference", "ratings", "dataset", "smallest_margin", "dataset_by_margin", "majority_vote", "dawid_skene", "annotators",
            ])
        guard case .object(let figures)? = evaluation.json()["dataset"] else {
            Issue.record("no dataset")
            return
        }
        #expect(
            figures.map(\.key) == [
                "rows", "correct", "wrong", "precision", "scored_items", "strict_items", "coverage", "tie_reference_rows", "unreferenced_rows",
            ])
        let table = evaluation.table()
        #expect(table.contains("cleaned dataset"))
        #expect(table.contains("majority vote"))
        #expect(table.contains("margin ≥ 0.1"))
    }
}
