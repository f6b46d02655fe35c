import AssayPluginAPI

/// `shown-position`: annotators whose choices follow the display position rather than the responses.
///
/// Version 1.3 asks the question the display randomisation answers. When the display order is randomised, an
/// annotator without position bias picks a response independently of where it was shown — whatever their skill and
/// whatever their liking for one label, one model or one side of the truth. Each strict choice is put in a stratum
/// by the item's better response (its gold answer where it has one, else the direction of the weighted consensus,
/// else, without a consensus, the strict majority of the other raters; or "unknown") and the exact stratified test
/// of `DisplayOrderTest` (Mantel–Haenszel strata, exact convolution of hypergeometrics, two-sided) asks whether the
/// canonical side chosen follows the display order. Stratifying by the better response keeps the test valid when
/// the truth itself favours one display side (real MTurk data: the right-hand response was better 139 : 76, and
/// version 1.2 — a binomial test of the first-shown share against ½ — flagged good workers who picked it). An
/// annotator who always saw the canonical order cannot be tested: position and label preference are then the same
/// thing (imports with canonical order, e.g. a binary label set, flagged most of their workers under 1.2). Error
/// control is the one policy of the rules that can exclude an annotator: Benjamini–Hochberg at `fdr` over the
/// annotators whose test can reach the level — Tarone's screen (Tarone 1990; with BH, Gilbert 2005) on the
/// smallest p-value the strata's margins allow. Significant → `flag_for_review`; one who picks the favoured side in
/// at least `exclude_share` of the choices where the better response was on the *other* side, and errs at most
/// half the time on the rest, is recommended for exclusion: their choices say nothing about the responses.
///
/// Check by hand: one stratum of 20 choices, 10 with the canonical display, an annotator who always picks the
/// first-shown response chose canonical-first on exactly those 10: S = 10, p = 2 / C(20, 10) ≈ 1.1e-5.
public struct ShownPositionRule: AssayRule {
    public let id = "shown-position"
    public let version = "1.3.0"
    public let summary =
        "Flags annotators whose choices follow the randomised display order (exact stratified test by the better response, Tarone-screened BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate over the annotators whose test can reach it."),
        .bool("bonferroni", default: false, "Instead of BH, test each annotator at alpha divided by the number tested (version 1.1)."),
        .double("alpha", default: 0.001, "Family-wise level of the Bonferroni test (only with bonferroni)."),
        .int("min_ratings", default: 10, "Only annotators with at least this many strict pairwise choices are tested."),
        .double(
            "exclude_share", default: 0.95,
            "A significant annotator who picks their favoured display side in at least this share of the choices where the consensus preferred the other side is recommended for exclusion; otherwise flagged."
        ),
    ]

    public init() {}

    /// One annotator's choices against the consensus, split by where the consensus-better response was shown.
    struct Table {
        let annotator: Int
        /// Choices where the consensus-better response was shown first, and how many of them picked it.
        var betterFirst = 0
        var agreedBetterFirst = 0
        /// Choices where the consensus-better response was shown second, and how many of them picked it.
        var betterSecond = 0
        var agreedBetterSecond = 0

        var total: Int { betterFirst + betterSecond }
        /// Every strict choice, oriented or not.
        var choices: Int { display.strata.reduce(0) { $0 + $1.total } }
        /// Errors that picked the first-shown response (it was the worse one).
        var choseFirstWrongly: Int { betterSecond - agreedBetterSecond }
        /// Errors that picked the second-shown response.
        var choseSecondWrongly: Int { betterFirst - agreedBetterFirst }
        var choseFirst: Int { agreedBetterFirst + choseFirstWrongly }

        /// The exact stratified display-order test of the same choices.
        var display = DisplayOrderTest()
    }

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let alpha = try input.parameters.double("alpha")
        let bonferroni = try input.parameters.bool("bonferroni")
        let minRatings = try input.parameters.int("min_ratings")
        let excludeShare = try input.parameters.double("exclude_share")
        guard excludeShare > 0.5, excludeShare <= 1 else { throw RuleError("exclude_share must lie in (0.5, 1], got \(excludeShare)") }
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard alpha > 0, alpha < 1 else { throw RuleError("alpha must lie in (0, 1), got \(alpha)") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings

        // Strict pairwise votes per item, for the others' majority where there is neither gold nor a consensus.
        var votes = [(first: Int32, second: Int32)](repeating: (0, 0), count: snapshot.items.count)
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            if ratings.choice[row] == PairwiseChoice.first { votes[Int(ratings.item[row])].first += 1 }
            if ratings.choice[row] == PairwiseChoice.second { votes[Int(ratings.item[row])].second += 1 }
        }
        /// The better canonical response of a rating's item: its gold answer, else the consensus, else the strict
        /// majority of the other votes on the item; nil when none of them orients the pair.
        func better(_ row: Int) -> Int? {
            if ratings.goldChoice[row] == PairwiseChoice.first || ratings.goldChoice[row] == PairwiseChoice.second {
                return Int(ratings.goldChoice[row])
            }
            let item = Int(ratings.item[row])
            if let posterior = input.consensus.posterior(ofItem: item) {
                return posterior.first == posterior.second ? nil : posterior.first > posterior.second ? 0 : 1
            }
            var others = votes[item]
            if ratings.choice[row] == PairwiseChoice.first { others.first -= 1 } else { others.second -= 1 }
            return others.first == others.second ? nil : others.first > others.second ? 0 : 1
        }

        var tested: [Table] = []
        for annotator in 0..<snapshot.annotators.count {
            var table = Table(annotator: annotator)
            for row32 in snapshot.ratingRows(ofAnnotator: annotator) {
                let row = Int(row32)
                guard let choseFirst = snapshot.choseShownFirst(rating: row) else { continue }
                let shownFirst = Int(ratings.shownOrder[row].first ?? 0)
                let oriented = better(row)
                table.display.add(better: oriented, swapped: shownFirst != 0, choseCanonicalFirst: choseFirst == (shownFirst == 0))
                guard let betterCanonical = oriented else { continue }
                if betterCanonical == shownFirst {
                    table.betterFirst += 1
                    if choseFirst { table.agreedBetterFirst += 1 }
                } else {
                    table.betterSecond += 1
                    if !choseFirst { table.agreedBetterSecond += 1 }
                }
            }
            if table.choices >= max(minRatings, 1) { tested.append(table) }
        }
        let tests = tested.map { $0.display.pValue() }
        let pValues = tests.map(\.p)
        // Per tested annotator: significant, and the q-value (BH) or the level used (Bonferroni).
        var significant = [Bool](repeating: false, count: tested.count)
        var qValues = [Double](repeating: .nan, count: tested.count)
        let level = alpha / Double(max(tested.count, 1))
        if bonferroni {
            for index in tested.indices { significant[index] = pValues[index] < level }
        } else {
            // Tarone's screen on the smallest p-value each annotator's margins allow.
            let family = Stats.taroneFamily(minimumPValues: tested.map { $0.display.minimumPValue() }, alpha: fdr)
            let members = tested.indices.filter { family[$0] }
            let adjusted = Stats.benjaminiHochberg(members.map { pValues[$0] })
            for (position, index) in members.enumerated() {
                qValues[index] = adjusted[position]
                significant[index] = adjusted[position] <= fdr
            }
        }
        var findings: [Finding] = []
        for (index, table) in tested.enumerated() where significant[index] {
            let p = pValues[index]
            let favoursFirst = tests[index].favoursFirst
            let side = favoursFirst ? "first" : "second"
            let other = favoursFirst ? "second" : "first"
            // Choices where the consensus preferred the other side, and how many still went to the favoured side.
            let against = favoursFirst ? table.betterSecond : table.betterFirst
            let followed = favoursFirst ? table.choseFirstWrongly : table.choseSecondWrongly
            let onFavoured = favoursFirst ? table.betterFirst : table.betterSecond
            let agreedOnFavoured = favoursFirst ? table.agreedBetterFirst : table.agreedBetterSecond
            let share = against > 0 ? Double(followed) / Double(against) : 0
            let errorRateOnFavoured = onFavoured > 0 ? 1 - Double(agreedOnFavoured) / Double(onFavoured) : 0
            let uninformative = share >= excludeShare && errorRateOnFavoured <= 0.5
            findings.append(
                Finding(
                    subject: .annotator(Int32(table.annotator)),
                    score: max(0, share - errorRateOnFavoured),
                    strength: .pValue(p),
                    action: uninformative ? .excludeAnnotator : .flagForReview,
                    summary:
                        "Chose the response shown \(side) in \(Stats.percent(share)) of \(against) choices where the consensus preferred the one shown \(other), "
                        + "against \(Stats.percent(errorRateOnFavoured)) errors where it preferred the one shown \(side).",
                    evidence: [
                        .number("chose_shown_first", Double(table.choseFirst)),
                        .number("strict_choices", Double(table.choices)),
                        .number("oriented_choices", Double(table.total)),
                        .number("shown_first_share", Double(table.choseFirst) / Double(max(table.total, 1))),
                        .number("better_shown_first", Double(table.betterFirst)),
                        .number("agreed_better_shown_first", Double(table.agreedBetterFirst)),
                        .number("better_shown_second", Double(table.betterSecond)),
                        .number("agreed_better_shown_second", Double(table.agreedBetterSecond)),
                        .number("favoured_side_share_against_consensus", share),
                        .number("p_value", p),
                        bonferroni ? .number("alpha_used", level) : .number("q_value", qValues[index]),
                    ]
                )
            )
        }
        return findings
    }
}
