import AssayConsensus
import AssayPluginAPI
import AssayRuleDuplicates
import AssayRuleGold
import AssayRuleShownPosition
import AssayRuleSpeed
import AssayRuleStraightLining
import AssaySimulator
import Testing

/// Planted cases built by hand, where the simulator has no attack of that shape.
@Suite struct HandmadeRuleTests {
    @Test func duplicatesExcludeReplaysAndKeepNewJudgments() throws {
        var world = Handmade(annotators: 4, items: (0..<4).map { ("p\($0)", "short", "longer text") })
        world.ratings = [
            // Annotator 0: one rating replayed twice with identical content and timing (the earliest is kept).
            .init(annotator: 0, item: 0, choice: 0, time: 10, duration: 5_400), .init(annotator: 0, item: 0, choice: 0, time: 5, duration: 5_400),
            .init(annotator: 0, item: 0, choice: 0, time: 20, duration: 5_400),
            // Annotator 1: shown item 1 three times, each a new judgment with its own timing — information, kept.
            .init(annotator: 1, item: 1, choice: 0, time: 1, duration: 3_100), .init(annotator: 1, item: 1, choice: 1, time: 2, duration: 4_200),
            .init(annotator: 2, item: 2, choice: 0, time: 1), .init(annotator: 2, item: 3, choice: 0, time: 1),  // clean
            .init(annotator: 1, item: 1, choice: 1, time: 3, duration: 2_900),
            // Annotator 3: the same answer twice with no duration recorded — counted once, no evidence against them.
            .init(annotator: 3, item: 2, choice: 1, time: 1), .init(annotator: 3, item: 2, choice: 1, time: 9),
        ]
        let findings = try world.run(DuplicatesRule(), ["min_replays_to_flag": .int(2)])
        #expect(findings.ratings == [0, 2, 9])  // rows 0 and 2 repeat row 1 (earliest); row 9 repeats row 8
        #expect(findings.first { $0.subject == .rating(9) }?.evidence("original_rating") == .ids(["r-8"]))
        #expect(findings.annotators == [0])
        let replay = try #require(findings.first { $0.subject == .rating(0) })
        #expect(replay.evidence("original_rating") == .ids(["r-1"]))
        #expect(findings.annotatorFindings.first?.action == .flagForReview)
        // Contradictions flag only when asked (version 1.0's default was 1).
        let strict = try world.run(DuplicatesRule(), ["min_replays_to_flag": .int(2), "min_contradictions": .int(1)])
        #expect(strict.annotators == [0, 1])
        let contradiction = try #require(strict.annotatorFindings.first { $0.annotatorRow == 1 })
        #expect(contradiction.evidence("contradicted_item_ids") == .ids(["item-1"]))
    }

    /// 60 annotators read at about 25 ms per character; one reads long items as fast as short ones. Another only
    /// rates short items quickly — proportionate, so not flagged once length is accounted for.
    @Test func speedAccountsForTextLength() throws {
        let short = String(repeating: "x", count: 60)
        let long = String(repeating: "y", count: 1_500)
        var world = Handmade(annotators: 62, items: (0..<200).map { $0 < 100 ? ("p", short, short) : ("p", long, long) })
        var random = SplitMix64(seed: 3)
        for annotator in 0..<62 {
            for k in 0..<30 {
                let item = annotator == 61 ? k : (annotator * 7 + k * 13) % 200
                let characters = item < 100 ? 121.0 : 3_001.0
                let jitter = 0.7 + 0.6 * random.nextUnit()
                let ms = annotator == 60 ? 2_500 * jitter : (2_000 + 25 * characters) * jitter
                world.ratings.append(.init(annotator: annotator, item: item, choice: 0, time: Int64(k), duration: Int64(ms)))
            }
        }
        let adjusted = try world.run(SpeedRule())
        #expect(adjusted.annotators == [60])
        #expect(adjusted.first?.evidence("median_ms_per_1000_chars") != nil)
        // Without the length adjustment (and the slow-side check, version 1.0's test) the short-item annotator looks
        // fast instead.
        let raw = try world.run(SpeedRule(), ["length_adjust": .bool(false), "slow_side_check": .bool(false)])
        #expect(raw.annotators.contains(61))
    }

    /// 41 honest annotators with `honestRatings` timed ratings each — 0…39 with medians spread over 6–14 s, 40 a
    /// speeder at 1.5 s — and `crowd` accounts at one tight ~10 s pace with `crowdRatings` each.
    static func speedWorld(seed: UInt64, honestRatings: Int, crowd: Int, crowdRatings: Int) -> Handmade {
        let text = String(repeating: "x", count: 200)
        var world = Handmade(annotators: 41 + crowd, items: (0..<300).map { _ in ("p", text, text) })
        var random = SplitMix64(seed: seed)
        for annotator in 0..<(41 + crowd) {
            let honest = annotator <= 40
            for k in 0..<(honest ? honestRatings : crowdRatings) {
                let base = annotator == 40 ? 1_500 : honest ? 6_000 + 8_000 * Double(annotator) / 39 : 10_000
                let ms = base * (honest ? 0.8 + 0.4 * random.nextUnit() : 0.98 + 0.04 * random.nextUnit())
                world.ratings.append(
                    .init(annotator: annotator, item: (annotator * 11 + k * 7) % 300, choice: 0, time: Int64(k), duration: Int64(ms)))
            }
        }
        return world
    }

    /// The honest do most of the work (60 timed ratings each); 120 fresh accounts with 10 ratings each work at one
    /// tight pace — more accounts than the honest, a fraction of the ratings. Weighting every account equally (speed
    /// 1.1) made the accounts the population: a tiny spread, and the fastest honest annotators looked too fast.
    /// Weighted by timed ratings, the reference is where the work is: only the speeder is flagged — by the weighted
    /// median and MAD alone (`slow_side_check` off), and by the default.
    @Test func speedReferenceIsWhereTheWorkIs() throws {
        let world = Self.speedWorld(seed: 21, honestRatings: 60, crowd: 120, crowdRatings: 10)
        #expect(try world.run(SpeedRule(), ["slow_side_check": .bool(false)]).annotators == [40])
        #expect(try world.run(SpeedRule()).annotators == [40])
        #expect(SpeedRule.weightedMedian([1, 2, 3, 4], weights: [1, 1, 1, 1]) == 2.5)
        #expect(SpeedRule.weightedMedian([1, 2, 3], weights: [1, 1, 5]) == 3)
    }

    /// Weighting by work is not enough when one tight pace carries most of the work: the honest with 30 timed ratings
    /// each and 60 accounts at one ~10 s pace with 30 each — 60% of the work. The weighted median and MAD are the
    /// crowd's (a tiny spread) and flag the fastest honest annotators (`slow_side_check` off, version 1.2); the
    /// slow-side reference (75th and 90th percentiles, in the honest upper half) keeps a realistic spread, so only the
    /// speeder is flagged.
    @Test func speedSlowSideResistsATightMajority() throws {
        let world = Self.speedWorld(seed: 23, honestRatings: 30, crowd: 60, crowdRatings: 30)
        #expect(try world.run(SpeedRule()).annotators == [40])
        let medianOnly = try world.run(SpeedRule(), ["slow_side_check": .bool(false)]).annotators
        #expect(medianOnly.contains(40) && medianOnly.count > 1, "the median/MAD reference alone should flag fast honest annotators here")
        #expect(SpeedRule.weightedQuantile([1, 2, 3, 4], weights: [1, 1, 1, 1], 0.75) == 3)
        #expect(SpeedRule.weightedQuantile([1, 2, 3, 4], weights: [1, 1, 1, 5], 0.5) == 4)
    }

    /// 50 annotators answer 20 gold items each at 75–95%; one at 5/20 (weak, not significantly worse than a coin: downweight), one at 1/20 (worse than
    /// a coin: exclude).
    @Test func goldUsesTheBetaBinomialPopulation() throws {
        var world = Handmade(annotators: 52, items: (0..<40).map { ("p\($0)", "a", "b") })
        var random = SplitMix64(seed: 9)
        for annotator in 0..<52 {
            let accuracy = annotator == 50 ? 0.25 : annotator == 51 ? 0.05 : 0.75 + 0.2 * Double(annotator) / 50
            for k in 0..<20 {
                let item = (annotator + k * 2) % 40
                let gold = Int8(item % 2)
                let correct = annotator >= 50 ? Double(k) < accuracy * 20 : random.nextUnit() < accuracy
                world.ratings.append(.init(annotator: annotator, item: item, choice: correct ? gold : 1 - gold, gold: gold))
            }
        }
        let findings = try world.run(GoldRule())
        #expect(findings.annotators == [50, 51])
        #expect(findings.first { $0.annotatorRow == 50 }?.action == .downweight)
        #expect(findings.first { $0.annotatorRow == 51 }?.action == .excludeAnnotator)
        guard case .ids(let missed)? = findings.first(where: { $0.annotatorRow == 51 })?.evidence("missed_gold_ratings") else {
            Issue.record("no missed ids")
            return
        }
        #expect(missed.count == 19)
    }

    /// Position-biased annotators in the simulator also give one constant score; with enough score items the
    /// straight-lining rule finds them, and shown-position finds their pairwise side.
    @Test func straightLinersAreFound() throws {
        let world = try Simulated.make(seed: 31, attacks: [.position: 0.03]) { $0.scoreItems = 1_000 }
        let liners = world.adversaries(.position)
        let findings = try run(StraightLiningRule(), world)
        #expect(!liners.isEmpty)
        #expect(liners.isSubset(of: findings.annotators), "missed \(liners.subtracting(findings.annotators))")
        #expect(findings.annotators.subtracting(liners).isEmpty)
        for finding in findings { #expect(finding.evidence("constant_level") == .number(3)) }  // score 4 on 1…7
    }

    /// A world of 400 items whose better response is drawn at random and shown first or second at random:
    /// `honest` annotators with 30 choices each, right with probability `skill`, and `pickers` annotators who
    /// always pick the response shown first (the last of them with only `shortPicker` choices).
    static func positionWorld(honest: Int, skill: Double, pickers: Int, shortPicker: Int, betterShownSecond: Double = 0.5) -> Handmade {
        var random = SplitMix64(seed: 11)
        var world = Handmade(annotators: honest + pickers, items: (0..<400).map { (prompt: "question \($0)", first: "answer a", second: "answer b") })
        let better = (0..<400).map { _ in Int8(random.nextUnit() < 0.5 ? 0 : 1) }
        for annotator in 0..<(honest + pickers) {
            let count = annotator == honest + pickers - 1 ? shortPicker : annotator >= honest ? 40 : 30
            for index in 0..<count {
                let item = annotator >= honest ? index : Int(random.nextUnit() * 400)
                // Shown order: the better response is shown second with probability `betterShownSecond`.
                let betterSecond = random.nextUnit() < betterShownSecond
                let swapped = betterSecond == (better[item] == 0)
                let choice: Int8
                if annotator >= honest {
                    choice = swapped ? 1 : 0  // the response shown first
                } else {
                    choice = random.nextUnit() < skill ? better[item] : 1 - better[item]
                }
                world.ratings.append(.init(annotator: annotator, item: item, choice: choice, swapped: swapped))
            }
        }
        return world
    }

    /// An account that always picks the left response but made only 19 choices, among 300 honest annotators (30
    /// choices each, 80% right, on randomised positions) and four long-running left-pickers: Tarone-screened BH at
    /// 0.01 finds all five — the short one's ~10 errors all fall where the better response was shown second, p ≈
    /// 2 / C(19, 10) ≈ 2e-5 — and recommends excluding them; no honest annotator is flagged. Version 1.1's Bonferroni
    /// (at least 20 choices) leaves the short one out.
    @Test func shortLeftPickerIsFoundWithBH() throws {
        let world = Self.positionWorld(honest: 300, skill: 0.8, pickers: 5, shortPicker: 19)
        let findings = try world.run(ShownPositionRule())
        #expect(findings.annotators == Set(Int32(300)..<305))
        let short = try #require(findings.annotatorFindings.first { $0.annotatorRow == 304 })
        #expect(short.action == .excludeAnnotator)
        let legacy = try world.run(ShownPositionRule(), ["bonferroni": .bool(true), "min_ratings": .int(20)])
        #expect(legacy.annotators == Set(Int32(300)..<304))
    }

    /// When the truth favours one display side — the better response shown second in 70% of choices, as on a real
    /// Mechanical Turk set (139 : 76) — good annotators pick "shown second" far more than half the time. Version 1.2
    /// tested that share against ½ and flagged them; version 1.3 compares their errors across the two sides and
    /// flags only the left-pickers.
    @Test func anImbalancedTruthIsNotAPositionBias() throws {
        let world = Self.positionWorld(honest: 100, skill: 0.9, pickers: 3, shortPicker: 40, betterShownSecond: 0.7)
        // The property the old test reacted to: honest annotators chose the second-shown response in ~66% of choices.
        let honest = world.ratings.filter { $0.annotator < 100 }
        let shownSecond = honest.filter { ($0.choice == 1) != $0.swapped }.count
        #expect(Double(shownSecond) / Double(honest.count) > 0.6)
        let findings = try world.run(ShownPositionRule())
        #expect(findings.annotators == Set(Int32(100)..<103))
    }
}
