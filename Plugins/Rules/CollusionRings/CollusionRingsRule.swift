import AssayPluginAPI

/// `collusion-rings`: groups of annotators whose mutual agreement on co-rated items is far above what their
/// individual accuracies predict, who co-rate the same items more than assignment explains and who submit close
/// together in time — copy-and-noise collusion (KhudaBukhsh, Carbonell & Jansen, HCOMP 2014).
///
/// **Edges.** For every pair of annotators with at least `min_co_rated` co-rated pairwise items (strict
/// choices), three one-sided tests, each valid under "independent honest annotators, randomly assigned":
///
/// - agreement above accuracy: each one's accuracy is estimated *outside* the items they share — agreement with
///   the confident consensus (posterior ≥ `consensus_confidence`, or a plain majority) on their other items,
///   shrunk toward the population mean with `prior_strength` pseudo-ratings. Estimating it on the shared items
///   would be circular: a ring outvotes the honest raters there and looks perfectly reliable. Independent
///   annotators with accuracies rₐ, r_b agree with probability e = rₐr_b + (1 − rₐ)(1 − r_b); p is the binomial
///   upper tail P(X ≥ agreements | co-rated, e);
/// - co-rating beyond assignment: under random assignment they are expected to share λ = nₐ·n_b·Σᵢmᵢ²/N² items
///   (nₐ, n_b their pairwise ratings, mᵢ ratings on item i, N in all); p is the Poisson upper tail;
/// - time: the share of their co-ratings submitted within `time_window_seconds` of each other against the
///   population's share over all co-rating pairs; binomial upper tail.
///
/// The three p-values are combined with Fisher's method and
/// Benjamini–Hochberg over all tested pairs at `fdr` picks the edges.
///
/// **Rings.** Connected components of the edge graph, peeled to their 2-core when larger than two (members with
/// a single edge hang on by one coincidence), are *candidates*. Platforms do assign batches to cohorts, and
/// timestamps can be coarse (then everyone is "close in time"), so co-rating and timing alone only nominate: a
/// candidate becomes a ring only with evidence that it votes *against* everyone else at `agreement_alpha`: its
/// agreement with the outsiders who rated the shared items below what their accuracies predict and below chance
/// (binomial lower tail against min(½, expected); a ring that outvotes the honest raters on its items agrees inside
/// and disagrees with everyone else, while honest raters of subjective items agree less than predicted but not
/// less than a coin), or its votes on shared gold items wrong more often than a coin (binomial upper tail). Mutual
/// agreement alone never confirms a ring (version 1.1): good workers of one batch agree with each other, and more
/// than their accuracies predict when items differ in difficulty. Without gold evidence a ring must also be a
/// minority — fewer members than the outsiders who rated its shared items: a component larger than everyone else
/// is the crowd itself, and the few it disagrees with are the outliers. Every member of a ring gets a finding with the ring's members and shared items:
/// `exclude_annotator` when the ring has at least `min_ring_size` members and pooled co-rating and timing
/// p-values both below `support_alpha`, else `flag_for_review`.
///
/// Check by hand: rₐ = r_b = 0.7 → e = 0.58; 20 of 20 agreements → p = 0.58²⁰ ≈ 1.9e-5.
public struct CollusionRingsRule: AssayRule {
    public let id = "collusion-rings"
    public let version = "1.1.0"
    public let summary =
        "Finds rings of annotators who agree far above their accuracies, co-rate beyond assignment and submit together (binomial, BH, graph cores)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate over all tested annotator pairs."),
        .double("consensus_confidence", default: 0.7, "Consensus posterior needed for an item to count toward accuracy."),
        .int("min_co_rated", default: 5, "Pairs with fewer co-rated pairwise items are not tested."),
        .double("prior_strength", default: 10, "Pseudo-ratings shrinking each accuracy toward the population mean."),
        .int("min_ring_size", default: 3, "Rings smaller than this are only flagged for review."),
        .double("time_window_seconds", default: 120, "Two ratings of one item this close in time count as submitted together."),
        .double("support_alpha", default: 0.001, "Exclusion needs the ring's co-rating and its timing each significant at this level…"),
        .double(
            "agreement_alpha", default: 0.01,
            "…and the ring's agreement with the outsiders on its items below its accuracies and chance, or its gold answers worse than chance, at this level; otherwise nothing is reported."
        ),
    ]

    public init() {}

    struct Pair {
        var coRated = 0
        var agreed = 0
        var close = 0
        var sharedConfident = 0
        var sharedCorrectA = 0
        var sharedCorrectB = 0
    }

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let confidence = try input.parameters.double("consensus_confidence")
        let minCo = try input.parameters.int("min_co_rated")
        let priorStrength = try input.parameters.double("prior_strength")
        let minRing = try input.parameters.int("min_ring_size")
        let window = Int64(try input.parameters.double("time_window_seconds") * 1000)
        let supportAlpha = try input.parameters.double("support_alpha")
        let agreementAlpha = try input.parameters.double("agreement_alpha")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard priorStrength >= 0 else { throw RuleError("prior_strength must not be negative") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let annotatorCount = snapshot.annotators.count
        let preferred = PairwiseConsensus.preferred(snapshot, input.consensus, confidence: confidence)

        // Strict pairwise ratings per item; accuracy tallies per annotator.
        var confident = [Int](repeating: 0, count: annotatorCount)
        var correct = [Int](repeating: 0, count: annotatorCount)
        var pairwiseCount = [Int](repeating: 0, count: annotatorCount)
        var sumSquares = 0.0
        var strictTotal = 0
        var pairs: [UInt64: Pair] = [:]
        var allPairs = 0
        var allClose = 0
        var raters: [(annotator: Int, choice: Int8, time: Int64)] = []
        for item in 0..<snapshot.items.count {
            raters.removeAll(keepingCapacity: true)
            for row32 in snapshot.ratingRows(ofItem: item) {
                let row = Int(row32)
                guard ratings.kind[row] == RatingKind.pairwise.rawValue else { continue }
                let choice = ratings.choice[row]
                guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
                let annotator = Int(ratings.annotator[row])
                guard !raters.contains(where: { $0.annotator == annotator }) else { continue }  // repeats: duplicates rule
                raters.append((annotator, choice, ratings.submittedAtMs[row]))
                pairwiseCount[annotator] += 1
                if preferred[item] >= 0 {
                    confident[annotator] += 1
                    if choice == preferred[item] { correct[annotator] += 1 }
                }
            }
            strictTotal += raters.count
            sumSquares += Double(raters.count * raters.count)
            guard raters.count > 1 else { continue }
            raters.sort { $0.annotator < $1.annotator }
            for i in 0..<raters.count {
                for j in (i + 1)..<raters.count {
                    let a = raters[i]
                    let b = raters[j]
                    let key = UInt64(a.annotator) << 32 | UInt64(b.annotator)
                    var pair = pairs[key] ?? Pair()
                    pair.coRated += 1
                    if a.choice == b.choice { pair.agreed += 1 }
                    let isClose = abs(a.time - b.time) <= window
                    if isClose {
                        pair.close += 1
                        allClose += 1
                    }
                    allPairs += 1
                    if preferred[item] >= 0 {
                        pair.sharedConfident += 1
                        if a.choice == preferred[item] { pair.sharedCorrectA += 1 }
                        if b.choice == preferred[item] { pair.sharedCorrectB += 1 }
                    }
                    pairs[key] = pair
                }
            }
        }
        let totalConfident = confident.reduce(0, +)
        guard totalConfident > 0, allPairs > 0 else { return [] }
        let meanAccuracy = Double(correct.reduce(0, +)) / Double(totalConfident)

        func accuracy(_ annotator: Int, minusCorrect: Int, minusRated: Int) -> Double {
            let k = Double(correct[annotator] - minusCorrect) + priorStrength * meanAccuracy
            let n = Double(confident[annotator] - minusRated) + priorStrength
            return n > 0 ? min(max(k / n, 0.5), 0.999) : meanAccuracy
        }

        let timeBase = Double(allClose) / Double(allPairs)
        func expectedCoRated(_ a: Int, _ b: Int) -> Double {
            Double(pairwiseCount[a]) * Double(pairwiseCount[b]) * sumSquares / (Double(strictTotal) * Double(strictTotal))
        }

        var keys: [UInt64] = []
        var pValues: [Double] = []
        var expectations: [Double] = []
        for key in pairs.keys.sorted() {
            let pair = pairs[key]!
            guard pair.coRated >= max(minCo, 1) else { continue }
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            let ra = accuracy(a, minusCorrect: pair.sharedCorrectA, minusRated: pair.sharedConfident)
            let rb = accuracy(b, minusCorrect: pair.sharedCorrectB, minusRated: pair.sharedConfident)
            let expected = ra * rb + (1 - ra) * (1 - rb)
            let agreementP = Stats.binomialUpper(pair.agreed, trials: pair.coRated, p: expected)
            let coRatingP = Stats.poissonUpper(pair.coRated, mean: expectedCoRated(a, b))
            let timingP = Stats.binomialUpper(pair.close, trials: pair.coRated, p: timeBase)
            keys.append(key)
            expectations.append(expected)
            pValues.append(Stats.fisherCombined([agreementP, coRatingP, timingP]))
        }
        let adjusted = Stats.benjaminiHochberg(pValues)
        var neighbours: [Int: Set<Int>] = [:]
        var edgeQ: [UInt64: Double] = [:]
        var edgeExpected: [UInt64: Double] = [:]
        for (index, key) in keys.enumerated() where adjusted[index] <= fdr {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            neighbours[a, default: []].insert(b)
            neighbours[b, default: []].insert(a)
            edgeQ[key] = adjusted[index]
            edgeExpected[key] = expectations[index]
        }
        guard !neighbours.isEmpty else { return [] }

        // Connected components, then the 2-core of components larger than a pair.
        var rings: [[Int]] = []
        for component in Graph.connectedComponents(neighbours) {
            var members = Set(component)
            if members.count > 2 {
                var changed = true
                while changed {
                    changed = false
                    for node in members where neighbours[node]!.intersection(members).count < 2 {
                        members.remove(node)
                        changed = true
                    }
                }
                if members.count < 3 { members = Set(component) }  // a path or star: keep the component as it is
            }
            rings.append(members.sorted())
        }

        var findings: [Finding] = []
        for ring in rings {
            let memberSet = Set(ring)
            var coRated = 0
            var agreed = 0
            var close = 0
            var lambda = 0.0
            var expectedAgreements = 0.0
            var bestQ = 1.0
            for i in 0..<ring.count {
                for j in (i + 1)..<ring.count {
                    let key = UInt64(ring[i]) << 32 | UInt64(ring[j])
                    lambda += expectedCoRated(ring[i], ring[j])
                    guard let pair = pairs[key] else { continue }
                    coRated += pair.coRated
                    agreed += pair.agreed
                    close += pair.close
                    if let q = edgeQ[key] {
                        bestQ = min(bestQ, q)
                        expectedAgreements += edgeExpected[key]! * Double(pair.coRated)
                    } else {
                        let ra = accuracy(ring[i], minusCorrect: pair.sharedCorrectA, minusRated: pair.sharedConfident)
                        let rb = accuracy(ring[j], minusCorrect: pair.sharedCorrectB, minusRated: pair.sharedConfident)
                        expectedAgreements += (ra * rb + (1 - ra) * (1 - rb)) * Double(pair.coRated)
                    }
                }
            }
            let coRatingP = Stats.poissonUpper(coRated, mean: lambda)
            let timeP = Stats.binomialUpper(close, trials: coRated, p: timeBase)
            let agreementP = Stats.binomialUpper(agreed, trials: coRated, p: min(0.999, expectedAgreements / Double(max(coRated, 1))))
            // Shared items: rated by at least two members.
            var itemCounts: [Int: Int] = [:]
            for member in ring {
                var seen = Set<Int>()
                for row in snapshot.ratingRows(ofAnnotator: member) where ratings.kind[Int(row)] == RatingKind.pairwise.rawValue {
                    let item = Int(ratings.item[Int(row)])
                    if seen.insert(item).inserted { itemCounts[item, default: 0] += 1 }
                }
            }
            let shared = itemCounts.filter { $0.value >= 2 }.keys.sorted()
            // Agreement with the outsiders who rated the ring's shared items: independent annotators agree with
            // them at about the accuracy-predicted rate; a ring pushing its own answer disagrees with them.
            var outsidePairs = 0
            var outsideAgreed = 0
            var outsideExpected = 0.0
            var outsiders = Set<Int>()
            for item in shared {
                var inside: [(Int, Int8)] = []
                var outside: [(Int, Int8)] = []
                for row32 in snapshot.ratingRows(ofItem: item) {
                    let row = Int(row32)
                    guard ratings.kind[row] == RatingKind.pairwise.rawValue else { continue }
                    let choice = ratings.choice[row]
                    guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
                    let annotator = Int(ratings.annotator[row])
                    if memberSet.contains(annotator) {
                        inside.append((annotator, choice))
                    } else {
                        outside.append((annotator, choice))
                        outsiders.insert(annotator)
                    }
                }
                for (member, mine) in inside {
                    let rm = accuracy(member, minusCorrect: 0, minusRated: 0)
                    for (other, theirs) in outside {
                        let ro = accuracy(other, minusCorrect: 0, minusRated: 0)
                        outsidePairs += 1
                        if mine == theirs { outsideAgreed += 1 }
                        outsideExpected += rm * ro + (1 - rm) * (1 - ro)
                    }
                }
            }
            // Judged against chance at most: subjective items make honest raters agree less than accuracies predict,
            // never systematically less than a coin.
            let outsideP =
                outsidePairs > 0 ? Stats.binomialLower(outsideAgreed, trials: outsidePairs, p: min(0.5, outsideExpected / Double(outsidePairs))) : 1
            // Against the gold answers: members' votes on shared control items, wrong more often than a coin.
            var goldVotes = 0
            var goldWrong = 0
            for item in shared {
                for row32 in snapshot.ratingRows(ofItem: item) {
                    let row = Int(row32)
                    guard memberSet.contains(Int(ratings.annotator[row])), ratings.goldChoice[row] >= 0 else { continue }
                    let choice = ratings.choice[row]
                    guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { continue }
                    goldVotes += 1
                    if choice != ratings.goldChoice[row] { goldWrong += 1 }
                }
            }
            let goldP = goldVotes > 0 ? Stats.binomialUpper(goldWrong, trials: goldVotes, p: 0.5) : 1
            // Co-rating, timing and mutual agreement only nominate a ring: good workers of one batch agree with each
            // other too, and more than independence predicts when items differ in difficulty. A ring is a ring when
            // it votes as a bloc *against* everyone else on its items, or against the gold answers (version 1.1;
            // version 1.0 also accepted agreement inside the ring above the members' accuracies).
            guard min(outsideP, goldP) < agreementAlpha else { continue }
            // A bloc is a minority that outvotes others. A "ring" larger than everyone else who rated its items is
            // the crowd itself, and the few it disagrees with are the outliers (on a real binary label set, 68 of 76
            // workers formed one component against 8 weak ones); only gold can then show it wrong.
            guard ring.count < outsiders.count || goldP < agreementAlpha else { continue }
            let exclude = ring.count >= max(minRing, 2) && max(coRatingP, timeP) < supportAlpha
            let memberIDs = ring.map { snapshot.annotators.ids[$0] }
            let observed = Double(agreed) / Double(max(coRated, 1))
            let expected = expectedAgreements / Double(max(coRated, 1))
            for member in ring {
                let ownEdges = neighbours[member]!.intersection(memberSet).count
                findings.append(
                    Finding(
                        subject: .annotator(Int32(member)), score: observed - expected, strength: .pValue(bestQ),
                        action: exclude ? .excludeAnnotator : .flagForReview,
                        summary:
                            "Member of a \(ring.count)-annotator ring agreeing on \(Stats.percent(observed)) of \(coRated) co-ratings where their accuracies predict \(Stats.percent(expected)), "
                            + (outsidePairs > 0
                                ? "against the other \(outsiders.count) raters of its items (agreeing with them on \(Stats.percent(Double(outsideAgreed) / Double(outsidePairs))), chance 50%); "
                                : "wrong on \(goldWrong) of \(goldVotes) gold answers; ")
                            + "co-rated \(coRated) vs \(Stats.short(lambda, digits: 1)) expected, \(Stats.percent(Double(close) / Double(max(coRated, 1)))) within \(window / 1000) s (population \(Stats.percent(timeBase))).",
                        evidence: [
                            .ids("ring_members", memberIDs),
                            .ids("shared_items", shared.map { snapshot.items.ids[$0] }),
                            .number("ring_size", Double(ring.count)),
                            .number("edges_in_ring", Double(ownEdges)),
                            .number("co_rated", Double(coRated)),
                            .number("observed_agreement", observed),
                            .number("expected_agreement", expected),
                            .number("expected_co_rated", lambda),
                            .number("co_rating_p_value", coRatingP),
                            .number("close_in_time_share", Double(close) / Double(max(coRated, 1))),
                            .number("population_close_in_time_share", timeBase),
                            .number("timing_p_value", timeP),
                            .number("agreement_p_value", agreementP),
                            .number("agreement_with_outsiders", outsidePairs > 0 ? Double(outsideAgreed) / Double(outsidePairs) : .nan),
                            .number("expected_agreement_with_outsiders", outsidePairs > 0 ? outsideExpected / Double(outsidePairs) : .nan),
                            .number("outsider_disagreement_p_value", outsideP),
                            .number("gold_votes_on_shared_items", Double(goldVotes)),
                            .number("gold_wrong_on_shared_items", Double(goldWrong)),
                            .number("gold_disagreement_p_value", goldP),
                            .number("best_edge_q_value", bestQ),
                        ]))
            }
        }
        return findings
    }
}
