import AssayPluginAPI

/// `gold-accuracy`: annotators who get control ("gold") pairwise items wrong more often than careful annotators do.
///
/// For each annotator with at least `min_gold` pairwise ratings that carry a gold answer, count the correct
/// ones. Under the hypothesis "careful annotator", correct answers follow Binomial(n, `expected_accuracy`);
/// the finding's strength is the lower-tail probability P(X ≤ correct), and annotators below `alpha` are flagged.
public struct GoldAccuracyRule: AssayRule {
    public let id = "gold-accuracy"
    public let version = "0.1.0"
    public let summary = "Flags annotators whose accuracy on gold pairwise items is improbably low for a careful annotator."
    public let parameters: [ParameterSpec] = [
        .double("expected_accuracy", default: 0.9, "Accuracy of a careful annotator on gold items."),
        .double("alpha", default: 0.01, "Flag when P(this few correct | careful) is below this."),
        .int("min_gold", default: 5, "Only annotators with at least this many gold ratings are tested."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let expected = try input.parameters.double("expected_accuracy")
        let alpha = try input.parameters.double("alpha")
        let minGold = try input.parameters.int("min_gold")
        guard expected > 0, expected < 1 else { throw RuleError("expected_accuracy must lie in (0, 1)") }
        let ratings = input.snapshot.ratings
        var findings: [Finding] = []
        for annotator in 0..<input.snapshot.annotators.count {
            var total = 0
            var correct = 0
            var missed: [String] = []
            for row in input.snapshot.ratingRows(ofAnnotator: annotator) {
                let r = Int(row)
                let gold = ratings.goldChoice[r]
                guard gold >= 0, ratings.choice[r] >= 0 else { continue }
                total += 1
                if ratings.choice[r] == gold { correct += 1 } else { missed.append(ratings.ids[r]) }
            }
            guard total >= max(minGold, 1) else { continue }
            let tail = RuleMath.binomialCDF(correct, trials: total, p: expected)  // P(X <= correct | careful)
            guard tail < alpha else { continue }
            findings.append(
                Finding(
                    subject: .annotator(Int32(annotator)),
                    score: 1 - Double(correct) / Double(total),
                    strength: .pValue(tail),
                    action: .downweight,
                    summary: "Answered \(correct) of \(total) gold items correctly; a careful annotator gets about \(Int(expected * 100))%.",
                    evidence: [
                        .number("gold_ratings", Double(total)),
                        .number("gold_correct", Double(correct)),
                        .ids("missed_gold_ratings", missed),
                    ]
                )
            )
        }
        return findings
    }
}
