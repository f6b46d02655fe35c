import AssayPluginAPI

/// `sybil-burst`: fresh accounts with a short history that appear together in a short window, concentrate on a
/// few items and answer alike — one operator behind many new annotator ids.
///
/// **Candidates.** Annotators with at most `max_history` ratings whose whole activity (first seen to last
/// rating) fits in `window_minutes`. **Bursts.** Two candidates first seen within `window_minutes` of each
/// other are linked when they co-rated more items than random assignment explains: with nₐ and n_b ratings they
/// are expected to share λ = nₐ·n_b·Σᵢmᵢ²/N² items (mᵢ ratings on item i, N in all), and the Poisson upper tail
/// P(X ≥ shared | λ) passes Benjamini–Hochberg at `fdr` over all candidate pairs that share an item. Connected
/// components with at least `min_group` members are the bursts. Each burst is then tested three times, and all
/// tests must reject (intersection–union: the p-value is the largest):
///
/// - concentration: the members' ratings on items another member also rated, against random assignment — a
///   rating of member m lands on one of the others' items with probability min(1, Σⱼ≠ₘ nⱼ / I) (I items rated);
///   binomial upper tail on the pooled count;
/// - answering alike: agreements among members on shared pairwise items against the population's agreement
///   rate over all co-rating pairs (strict choices); binomial upper tail.
///
/// - against everyone else (version 1.1): the members' strict votes on shared items against the strict majority
///   of the other raters of the item (its gold answer where it has one), against the population's rate of going
///   against the other raters of an item; binomial upper tail. The reference leaves out the members of every burst
///   and counts one vote per annotator (version 1.2): two bursts on the same items must not vouch for each other,
///   nor a replayed batch count many times. Fresh accounts that appear together and
///   agree with each other *and* with everyone else are a campaign's launch cohort, not a burst (a real
///   Mechanical Turk set: the five workers version 1.0 excluded were its most accurate).
///
/// Benjamini–Hochberg over the tested bursts at `fdr`; members of a significant burst are recommended for
/// `exclude_annotator`, with the members, the shared items and the window as evidence. How many accounts
/// appeared in the window against the snapshot's arrival rate is reported but not tested: honest cohorts are
/// often onboarded together.
///
/// Check by hand: 6 accounts created within 20 minutes, 10 ratings each all on the same 10 items among 1,300,
/// agreeing on every pair where the population agrees on 60% → both p-values < 1e-10.
public struct SybilBurstRule: AssayRule {
    public let id = "sybil-burst"
    public let version = "1.2.0"
    public let summary = "Finds groups of fresh, short-lived accounts that appear together, concentrate on few items and answer alike (binomial, BH)."
    public let parameters: [ParameterSpec] = [
        .double("fdr", default: 0.01, "Benjamini–Hochberg false discovery rate across tested groups."),
        .double("window_minutes", default: 120, "A fresh account's activity fits in this window, and a burst's members appear within it."),
        .int("max_history", default: 100, "Only annotators with at most this many ratings are fresh."),
        .int("min_ratings", default: 3, "Fresh annotators with fewer ratings are ignored."),
        .int("min_group", default: 3, "A burst needs at least this many members."),
    ]

    public init() {}

    public func evaluate(_ input: RuleInput) throws -> [Finding] {
        let fdr = try input.parameters.double("fdr")
        let window = Int64(try input.parameters.double("window_minutes") * 60_000)
        let maxHistory = try input.parameters.int("max_history")
        let minRatings = try input.parameters.int("min_ratings")
        let minGroup = try input.parameters.int("min_group")
        guard fdr > 0, fdr < 1 else { throw RuleError("fdr must lie in (0, 1), got \(fdr)") }
        guard window > 0 else { throw RuleError("window_minutes must be positive") }
        let snapshot = input.snapshot
        let ratings = snapshot.ratings
        let annotatorCount = snapshot.annotators.count

        // Population agreement rate over all co-rating pairs of strict pairwise choices.
        var populationPairs = 0
        var populationAgreed = 0
        var ratedItems = 0
        for item in 0..<snapshot.items.count {
            let rows = snapshot.ratingRows(ofItem: item)
            if !rows.isEmpty { ratedItems += 1 }
            var first = 0
            var second = 0
            for row in rows where ratings.kind[Int(row)] == RatingKind.pairwise.rawValue {
                if ratings.choice[Int(row)] == PairwiseChoice.first {
                    first += 1
                } else if ratings.choice[Int(row)] == PairwiseChoice.second {
                    second += 1
                }
            }
            let strict = first + second
            populationPairs += strict * (strict - 1) / 2
            populationAgreed += first * (first - 1) / 2 + second * (second - 1) / 2
        }
        guard ratedItems > 0 else { return [] }
        let populationAgreement = populationPairs > 0 ? Double(populationAgreed + 1) / Double(populationPairs + 2) : 0.5

        // Fresh candidates.
        var candidates: [(annotator: Int, firstSeen: Int64)] = []
        var earliest = Int64.max
        var latest = Int64.min
        for annotator in 0..<annotatorCount {
            let rows = snapshot.ratingRows(ofAnnotator: annotator)
            let firstSeen = snapshot.annotators.firstSeenMs[annotator]
            earliest = min(earliest, firstSeen)
            latest = max(latest, firstSeen)
            guard rows.count >= max(minRatings, 1), rows.count <= maxHistory else { continue }
            var last = Int64.min
            var first = Int64.max
            for row in rows {
                last = max(last, ratings.submittedAtMs[Int(row)])
                first = min(first, ratings.submittedAtMs[Int(row)])
            }
            guard last - min(firstSeen, first) <= window else { continue }
            candidates.append((annotator, min(firstSeen, first)))
        }
        candidates.sort { ($0.firstSeen, $0.annotator) < ($1.firstSeen, $1.annotator) }
        let arrivalsPerWindow = latest > earliest ? Double(annotatorCount) * Double(window) / Double(latest - earliest) : Double(annotatorCount)

        struct Group {
            let members: [Int]
            let start: Int64
            let shared: [Int]
            let p: Double
            let concentrationP: Double
            let agreementP: Double
            let againstP: Double
            let agreement: Double
            let againstShare: Double
            let againstTrials: Int
            let arrived: Int
        }
        // Co-rating among candidates.
        var candidateIndex: [Int: Int] = [:]
        for (position, candidate) in candidates.enumerated() { candidateIndex[candidate.annotator] = position }
        var strictTotal = 0.0
        var sumSquares = 0.0
        var coRated: [UInt64: Int] = [:]
        for item in 0..<snapshot.items.count {
            var present: [Int] = []
            let rows = snapshot.ratingRows(ofItem: item)
            strictTotal += Double(rows.count)
            sumSquares += Double(rows.count * rows.count)
            for row in rows {
                if let position = candidateIndex[Int(ratings.annotator[Int(row)])], !present.contains(position) { present.append(position) }
            }
            guard present.count > 1 else { continue }
            present.sort()
            for i in 0..<present.count {
                for j in (i + 1)..<present.count { coRated[UInt64(present[i]) << 32 | UInt64(present[j]), default: 0] += 1 }
            }
        }
        var pairKeys: [UInt64] = []
        var pairP: [Double] = []
        for key in coRated.keys.sorted() {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            guard abs(candidates[a].firstSeen - candidates[b].firstSeen) <= window else { continue }
            let na = Double(snapshot.ratingRows(ofAnnotator: candidates[a].annotator).count)
            let nb = Double(snapshot.ratingRows(ofAnnotator: candidates[b].annotator).count)
            pairKeys.append(key)
            pairP.append(Stats.poissonUpper(coRated[key]!, mean: na * nb * sumSquares / (strictTotal * strictTotal)))
        }
        let pairQ = Stats.benjaminiHochberg(pairP)
        var neighbours: [Int: [Int]] = [:]
        for (index, key) in pairKeys.enumerated() where pairQ[index] <= fdr {
            let a = Int(key >> 32)
            let b = Int(key & 0xFFFF_FFFF)
            neighbours[a, default: []].append(b)
            neighbours[b, default: []].append(a)
        }
        let components = Graph.connectedComponents(neighbours).filter { $0.count >= max(minGroup, 2) }
        // Raters in any burst component do not form the reference others are measured against: where several
        // bursts (or a burst and a ring) share items, each would otherwise outvote the honest raters for the other.
        var inBurst = [Bool](repeating: false, count: annotatorCount)
        for component in components { for position in component { inBurst[candidates[position].annotator] = true } }

        // Population rate of going against the others: each strict vote against the strict majority of the other
        // raters of its item outside every burst (one vote per annotator: the first; the gold answer where the
        // item has one), over votes where that reference exists.
        var populationVotes = 0
        var populationAgainst = 0
        for item in 0..<snapshot.items.count {
            let votes = Self.strictVotes(ofItem: item, in: snapshot)
            let reference = votes.reference { !inBurst[$0] }
            for vote in votes.votes {
                let others = reference.without(vote, counted: !inBurst[vote.annotator])
                guard let side = others.side else { continue }
                populationVotes += 1
                if vote.choice != side { populationAgainst += 1 }
            }
        }
        let populationAgainstRate = Double(populationAgainst + 1) / Double(populationVotes + 2)

        var groups: [Group] = []
        for component in components {
            let members = component.map { candidates[$0].annotator }
            let start = component.map { candidates[$0].firstSeen }.min()!
            let arrived = candidates.filter { $0.firstSeen >= start && $0.firstSeen - start <= window }.count
            var counts: [Int: Int] = [:]
            for member in members {
                for item in Set(snapshot.ratingRows(ofAnnotator: member).map({ Int(ratings.item[Int($0)]) })) { counts[item, default: 0] += 1 }
            }
            let shared = counts.filter { $0.value >= 2 }.keys.sorted()
            let sharedSet = Set(shared)

            // Concentration.
            let sizes = members.map { snapshot.ratingRows(ofAnnotator: $0).count }
            let total = sizes.reduce(0, +)
            var expected = 0.0
            var observed = 0
            for (position, member) in members.enumerated() {
                let others = Double(total - sizes[position])
                expected += Double(sizes[position]) * min(0.999, others / Double(ratedItems))
                observed += snapshot.ratingRows(ofAnnotator: member).filter { sharedSet.contains(Int(ratings.item[Int($0)])) }.count
            }
            let concentrationP = Stats.binomialUpper(observed, trials: total, p: min(0.999, expected / Double(max(total, 1))))

            // Answering alike on shared pairwise items.
            var pairCount = 0
            var agreed = 0
            let memberSet = Set(members)
            for item in shared {
                var first = 0
                var second = 0
                var seen = Set<Int>()
                for row in snapshot.ratingRows(ofItem: item) {
                    let r = Int(row)
                    let annotator = Int(ratings.annotator[r])
                    guard memberSet.contains(annotator), ratings.kind[r] == RatingKind.pairwise.rawValue, seen.insert(annotator).inserted else {
                        continue
                    }
                    if ratings.choice[r] == PairwiseChoice.first { first += 1 } else if ratings.choice[r] == PairwiseChoice.second { second += 1 }
                }
                let strict = first + second
                pairCount += strict * (strict - 1) / 2
                agreed += first * (first - 1) / 2 + second * (second - 1) / 2
            }
            let agreementP = pairCount > 0 ? Stats.binomialUpper(agreed, trials: pairCount, p: populationAgreement) : 1

            // Against everyone else: members' strict votes on shared items against the strict majority of the
            // non-members who rated the item (or its gold answer). A launch cohort of honest workers agrees with
            // each other *and* with the others; a sybil burst outvotes them.
            var againstTrials = 0
            var against = 0
            for item in shared {
                let votes = Self.strictVotes(ofItem: item, in: snapshot)
                guard let side = votes.reference({ !inBurst[$0] && !memberSet.contains($0) }).side else { continue }
                for vote in votes.votes where memberSet.contains(vote.annotator) {
                    againstTrials += 1
                    if vote.choice != side { against += 1 }
                }
            }
            let againstP = againstTrials > 0 ? Stats.binomialUpper(against, trials: againstTrials, p: populationAgainstRate) : 1
            groups.append(
                Group(
                    members: members, start: start, shared: shared, p: max(concentrationP, agreementP, againstP),
                    concentrationP: concentrationP, agreementP: agreementP, againstP: againstP,
                    agreement: pairCount > 0 ? Double(agreed) / Double(pairCount) : .nan,
                    againstShare: againstTrials > 0 ? Double(against) / Double(againstTrials) : .nan, againstTrials: againstTrials,
                    arrived: arrived))
        }
        let adjusted = Stats.benjaminiHochberg(groups.map(\.p))
        var findings: [Finding] = []
        for (position, group) in groups.enumerated() where adjusted[position] <= fdr {
            let ids = group.members.map { snapshot.annotators.ids[$0] }
            for member in group.members {
                findings.append(
                    Finding(
                        subject: .annotator(Int32(member)), score: group.agreement - populationAgreement, strength: .pValue(group.p),
                        action: .excludeAnnotator,
                        summary:
                            "One of \(group.members.count) fresh accounts that appeared within \(window / 60_000) min, rated \(group.shared.count) shared items, agreed on \(Stats.percent(group.agreement)) of pairs (population \(Stats.percent(populationAgreement))) "
                            + "and went against the other raters or the gold answer in \(Stats.percent(group.againstShare)) of \(group.againstTrials) votes (population \(Stats.percent(populationAgainstRate))).",
                        evidence: [
                            .ids("group_members", ids),
                            .ids("shared_items", group.shared.map { snapshot.items.ids[$0] }),
                            .number("group_size", Double(group.members.count)),
                            .number("accounts_first_seen_in_window", Double(group.arrived)),
                            .number("expected_arrivals_per_window", arrivalsPerWindow),
                            .number("window_start_ms", Double(group.start)),
                            .number("pair_agreement", group.agreement),
                            .number("population_pair_agreement", populationAgreement),
                            .number("concentration_p_value", group.concentrationP),
                            .number("agreement_p_value", group.agreementP),
                            .number("against_others_share", group.againstShare),
                            .number("population_against_others_share", populationAgainstRate),
                            .number("against_others_p_value", group.againstP),
                            .number("q_value", adjusted[position]),
                        ]))
            }
        }
        return findings
    }
}
