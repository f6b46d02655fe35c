import AssayPluginAPI

/// `length-bias`: annotators who, when they disagree with the consensus, pick the longer response far more often
/// than the rest of the population does when it disagrees.
///
/// Only pairwise ratings with a strict choice, on items whose consensus is confident (posterior of one side ≥
/// `consensus_confidence`; a plain majority when the run has no consensus) and whose two responses differ in
/// length by at least `min_length_ratio`, are used. Agreeing with the consensus says nothing about a bias, so
/// the signal is restricted to disagreements (after RankPoison, Wang et al. ACL 2024, which flips labels
/// toward the longer answer): for annotator a, D = disagreements and L = those where the chosen response is the
/// longer. The population rate p₀ is pooled over everyone else's disagreements (leave-one-out, +1/+2
/// smoothing). The p-value is the exact binomial upper tail P(X ≥ L | D, p₀); Benjamini–Hochberg across the
/// tested annotators at `fdr` decides. A significant annotator is flagged for review, and every rating of theirs
/// that chose the longer response of a length-differing pair is recommended for exclusion (rating-level
/// `exclude_ratings`): once the bias is established those choices say nothing about quality — also where the
/// consensus happened to agree, which is where a length attack hides best.
///
/// Check by hand: population picks the longer in 30% of its disagreements; an annotator who does in 12 of 12
/// → p = 0.3¹² ≈ 5e-7.
public struct LengthBiasRule: AssayRule {
    public let id = "length-bias"
    public let version = "1.0.0"
    public let summary =
        "Flags annotators whose disagreements with consensus favour the longer response far beyond the population rate (binomial, BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.05, "Benjamini–Hochberg false discovery rate across tested annotators (the rule only flags; see the doc)."),
        .double("consensus_confidence", default: 0.7, "Only items whose consensus posterior for one side is at least this are used."),
        .double("min_length_ratio", default: 1.2, "Only items whose longer response has at least this many times the characters of the shorter."),
        .int("min_disagreements", default: 5, "Only annotators with at least this many usable disagreements are tested."),
        .bool("exclude_ratings", default: true, "Recommend excluding every rating in which a flagged annotator chose the longer response."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let confidence = try input.parameters.double("consensus_confidence")
        let ratio = try input.parameters.double("min_length_ratio")
        let minDisagreements = try input.parameters.int("min_disagreements")
        let excludeRatings = try input.parameters.bool("exclude_ratings")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard ratio >= 1 else { throw RuleError("min_length_ratio must be at least 1, got \(ratio)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let items = snapshot.items
        let preferred = PairwiseConsensus.preferred(snapshot, input.consensus, confidence: confidence)

        // Which canonical side is the longer response (−1: not different enough, or not a pair).
        var longer = [Int8](repeating: -1, count: items.count)
        for item in 0..<items.count where items.responseCount(of: item) == 2 {
            let first = Double(items.responseTexts.bytes(at: Int(items.responseOffsets[item])).count)
            let second = Double(items.responseTexts.bytes(at: Int(items.responseOffsets[item]) + 1).count)
            if first >= ratio * max(second, 1) { longer[item] = 0 } else if second >= ratio * max(first, 1) { longer[item] = 1 }
        }

        var disagreements = [Int](repeating: 0, count: snapshot.annotators.count)
        var choseLonger = [[Int]](repeating: [], count: snapshot.annotators.count)
        var choseLongerAnywhere = [[Int]](repeating: [], count: snapshot.annotators.count)
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let choice = ratings.choice[row]
            guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
            let item = Int(ratings.item[row])
            if longer[item] >= 0, choice == longer[item] { choseLongerAnywhere[Int(ratings.annotator[row])].append(row) }
            guard preferred[item] >= 0, longer[item] >= 0, choice != preferred[item] else { continue }
            let annotator = Int(ratings.annotator[row])
            disagreements[annotator] += 1
            if choice == longer[item] { choseLonger[annotator].append(row) }
        }
        let totalD = disagreements.reduce(0, +)
        let totalL = choseLonger.reduce(0) { $0 + $1.count }

        var tested: [(annotator: Int, p: Double, base: Double)] = []
        for annotator in disagreements.indices where disagreements[annotator] >= max(minDisagreements, 1) {
            let base = (Double(totalL - choseLonger[annotator].count) + 1) / (Double(totalD - disagreements[annotator]) + 2)
            tested.append((annotator, Stats.binomialUpper(choseLonger[annotator].count, trials: disagreements[annotator], p: base), base))
        }
        let adjusted = Stats.benjaminiHochberg(tested.map(\.p))
        var findings: [Finding] = []
        for (index, entry) in tested.enumerated() where adjusted[index] <= fdr {
            let rows = choseLonger[entry.annotator]
            let d = disagreements[entry.annotator]
            let share = Double(rows.count) / Double(d)
            findings.append(
                Finding(
                    subject: .annotator(Int32(entry.annotator)), score: share - entry.base, strength: .pValue(entry.p), action: .flagForReview,
                    summary:
                        "Chose the longer response in \(rows.count) of \(d) disagreements with consensus (\(Stats.percent(share))) against \(Stats.percent(entry.base)) for the population.",
                    evidence: [
                        .number("disagreements", Double(d)),
                        .number("chose_longer", Double(rows.count)),
                        .number("longer_share", share),
                        .number("population_longer_share", entry.base),
                        .number("p_value", entry.p),
                        .number("q_value", adjusted[index]),
                        .ids("longer_against_consensus_ratings", rows.map { ratings.ids[$0] }),
                    ]))
            if excludeRatings {
                for row in choseLongerAnywhere[entry.annotator] {
                    findings.append(
                        Finding(
                            subject: .rating(Int32(row)), score: share - entry.base, strength: .pValue(entry.p), action: .excludeRatings,
                            summary: "Chose the longer response; this annotator's choices of the longer response carry no information about quality.",
                            evidence: [.ids("annotator", [snapshot.annotators.ids[entry.annotator]]), .number("q_value", adjusted[index])]))
                }
            }
        }
        return findings
    }
}
