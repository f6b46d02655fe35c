import AssayModel
import AssaySimulator
import Testing

/// One simulated stream, parsed: every rating as JSON, with the truth.
private struct Stream {
    let ratings: [JSONValue]
    let truth: SimulationTruth

    init(_ configure: (inout SimulationConfig) -> Void) {
        var config = SimulationConfig()
        config.seed = 9
        configure(&config)
        var bytes: [UInt8] = []
        var truth = SimulationTruth()
        RatingSimulator(config: config).generate({ bytes.append(contentsOf: $0) }, truth: &truth)
        ratings = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        self.truth = truth
    }

    /// The better response of every pairwise item.
    var better: [String: String] { Dictionary(uniqueKeysWithValues: truth.pairwiseItems.map { ($0.itemID, $0.betterResponseID) }) }

    /// Pairwise ratings by annotators who are not adversaries.
    var honestPairwise: [JSONValue] {
        let adversaries = Set(truth.adversaries.map(\.annotatorID))
        return ratings.filter { $0["kind"]?.stringValue == "pairwise" && !adversaries.contains($0.annotator) }
    }
}

extension JSONValue {
    fileprivate var annotator: String { self["annotator_id"]?.stringValue ?? "" }
    fileprivate var item: String { self["item_id"]?.stringValue ?? "" }
    fileprivate var choice: String { self["choice"]?.stringValue ?? "" }
    fileprivate var shown: [String] {
        guard case .array(let values)? = self["shown_order"] else { return [] }
        return values.compactMap(\.stringValue)
    }
    fileprivate var time: Int64 { Timestamp(rfc3339: self["submitted_at"]?.stringValue ?? "")!.millisecondsSinceEpoch }
    fileprivate var duration: Double { self["duration_ms"]?.numberValue ?? -1 }
}

/// The regimes of real crowds (`Docs/regimes.md`): each one shows the property it exists for.
@Suite struct RegimeTests {
    /// Campaign launch: the cohort's accounts are all first seen within the campaign's first hour, each does 10–60
    /// ratings inside two hours, all on the opening batch, so they co-rate many items; they are honest (no
    /// adversary, no poisoned rating) and no one else rates that early in such numbers.
    @Test func campaignCohortStartsTogetherAndCoRates() throws {
        let stream = Stream {
            $0.regimes.campaignLaunchShare = 0.1
            $0.annotators = 100
            $0.pairwiseItems = 400
        }
        let cohort = Set(stream.truth.campaignCohort)
        #expect(cohort.count == 10)
        #expect(stream.truth.adversaries.isEmpty && stream.truth.poisoned.isEmpty)
        let start = stream.ratings.map(\.time).min()!
        var items: [String: Set<String>] = [:]
        for member in cohort {
            let own = stream.ratings.filter { $0.annotator == member }
            #expect((10...60).contains(own.count), "\(member): \(own.count) ratings")
            let first = own.map(\.time).min()!
            let last = own.map(\.time).max()!
            #expect(first - start <= 3_600_000, "\(member) first seen \((first - start) / 60_000) min after the start")
            #expect(last - first <= 7_200_000)
            #expect(own.allSatisfy { $0.item.hasPrefix("item-p") && Int($0.item.dropFirst("item-p".count))! <= 60 })
            items[member] = Set(own.map(\.item))
        }
        // Every two members co-rate several items (the batch is small).
        let members = cohort.sorted()
        var shared: [Int] = []
        for (index, first) in members.enumerated() {
            for second in members[(index + 1)...] { shared.append(items[first]!.intersection(items[second]!).count) }
        }
        #expect(Double(shared.reduce(0, +)) / Double(shared.count) >= 5)
        // Cohort members rate only the batch; the other annotators keep their ratings per item everywhere.
        let late = stream.ratings.filter { !$0.item.hasPrefix("item-p") || Int($0.item.dropFirst("item-p".count))! > 60 }
        #expect(late.allSatisfy { !cohort.contains($0.annotator) })
        // The cohort is drawn from the top third of the skill range: more accurate than the rest.
        let better = stream.better
        func accuracy(_ rows: [JSONValue]) -> Double {
            let strict = rows.filter { $0.choice != "tie" }
            return Double(strict.filter { better[$0.item] == $0.choice }.count) / Double(strict.count)
        }
        let pairwise = stream.honestPairwise
        #expect(accuracy(pairwise.filter { cohort.contains($0.annotator) }) > accuracy(pairwise.filter { !cohort.contains($0.annotator) }))
    }

    /// Position imbalance: the better response is shown second on a share P of the items (and ratings), one layout
    /// per item, so honest annotators pick "shown second" more than half of the time.
    @Test(arguments: [0.65, 0.3])
    func betterResponseIsShownSecondAtTheRate(share: Double) {
        let stream = Stream { $0.regimes.positionImbalance = share }
        let better = stream.better
        let pairwise = stream.honestPairwise
        let second = Double(pairwise.filter { $0.shown.last == better[$0.item] }.count) / Double(pairwise.count)
        #expect(abs(second - share) < 0.04, "shown second \(second)")
        var layouts: [String: [String]] = [:]
        for rating in pairwise {
            if let layout = layouts[rating.item] { #expect(layout == rating.shown) } else { layouts[rating.item] = rating.shown }
        }
        let strict = pairwise.filter { $0.choice != "tie" }
        let picksSecond = Double(strict.filter { $0.choice == $0.shown.last }.count) / Double(strict.count)
        #expect(share > 0.5 ? picksSecond > 0.55 : picksSecond < 0.45, "picks second \(picksSecond)")
        // Without the regime the order is balanced.
        let plain = Stream { _ in }
        let plainBetter = plain.better
        let plainSecond = Double(plain.honestPairwise.filter { $0.shown.last == plainBetter[$0.item] }.count) / Double(plain.honestPairwise.count)
        #expect(abs(plainSecond - 0.5) < 0.03)
    }

    /// Tie rate: honest ties near T overall, more on close items than on clear ones; the truth stays the better
    /// response.
    @Test(arguments: [0.5, 0.2])
    func honestTiesAtTheRate(rate: Double) {
        let stream = Stream { $0.regimes.tieRate = rate }
        let pairwise = stream.honestPairwise
        let ties = Double(pairwise.filter { $0.choice == "tie" }.count) / Double(pairwise.count)
        #expect(abs(ties - rate) < 0.03, "tie rate \(ties)")
        // `strength` is min(1, 2Δ) when present: close items (Δ < 0.1) tie more than clear ones (Δ ≥ 0.4).
        let close = pairwise.filter { ($0["strength"]?.numberValue ?? 1) < 0.2 && $0["strength"] != nil }
        let clear = pairwise.filter { ($0["strength"]?.numberValue ?? 0) >= 0.8 }
        func share(_ rows: [JSONValue]) -> Double { Double(rows.filter { $0.choice == "tie" }.count) / Double(rows.count) }
        #expect(share(close) > share(clear) + 0.2, "close \(share(close)), clear \(share(clear))")
        #expect(stream.truth.pairwiseItems.allSatisfy { $0.betterResponseID == "a" || $0.betterResponseID == "b" })
    }

    /// Recurring responses with sparse redundancy: with 4 responses per prompt and 1 rating per item, each response
    /// text appears in 3 items, every item has exactly one rating, and the truth is transitive within a prompt
    /// (the better response of every item wins more of the prompt's items than the worse one).
    @Test func responsesRecurAcrossItemsWithATransitiveTruth() {
        let stream = Stream {
            $0.regimes.responsePool = 4
            $0.ratingsPerItem = 1
            $0.pairwiseItems = 600
        }
        let pairwise = stream.ratings.filter { $0["kind"]?.stringValue == "pairwise" }
        #expect(pairwise.count == 600)
        #expect(Set(pairwise.map(\.item)).count == 600)
        var texts: [String: [String: String]] = [:]
        for rating in pairwise {
            guard case .array(let responses)? = rating["responses"] else { continue }
            var byID: [String: String] = [:]
            for response in responses { byID[response["id"]!.stringValue!] = response["text"]!.stringValue! }
            texts[rating.item] = byID
        }
        #expect(texts.count == 600)
        var occurrences: [String: Int] = [:]
        for item in texts.values { for text in item.values { occurrences[text, default: 0] += 1 } }
        #expect(occurrences.count == 400, "100 prompts × 4 responses, every text unique to its response")
        #expect(occurrences.values.allSatisfy { $0 == 3 })
        // Transitivity: items come six per prompt, in order.
        let better = stream.better
        let items = stream.truth.pairwiseItems.map(\.itemID)
        for prompt in stride(from: 0, to: items.count, by: 6) {
            var wins: [String: Int] = [:]
            let group = items[prompt..<(prompt + 6)]
            for item in group { wins[texts[item]![better[item]!]!, default: 0] += 1 }
            #expect(Set(group.flatMap { texts[$0]!.values }).count == 4)
            let responses = Set(group.flatMap { texts[$0]!.values })
            #expect(responses.map { wins[$0, default: 0] }.sorted() == [0, 1, 2, 3])
            for item in group {
                let worse = better[item] == "a" ? "b" : "a"
                #expect(wins[texts[item]![better[item]!]!, default: 0] > wins[texts[item]![worse]!, default: 0])
            }
        }
    }

    /// Repeated exposure: about the configured share of honest pairwise ratings get a second rating by the same
    /// annotator on the same item, later and under a new id, judged anew (some second judgments differ).
    @Test func repeatedExposuresAreLaterIndependentJudgments() throws {
        let stream = Stream { $0.regimes.repeatExposure = 0.1 }
        let repeats = Set(stream.truth.repeatExposures)
        let firstPass = stream.honestPairwise.count - repeats.count
        #expect(abs(Double(repeats.count) / Double(firstPass) - 0.1) < 0.02)
        var byPair: [String: [JSONValue]] = [:]
        for rating in stream.honestPairwise { byPair["\(rating.annotator) \(rating.item)", default: []].append(rating) }
        let twice = byPair.values.filter { $0.count == 2 }
        #expect(twice.count == repeats.count)
        var differ = 0
        for pair in twice {
            let ordered = pair.sorted { $0.time < $1.time }
            #expect(repeats.contains(ordered[1]["rating_id"]!.stringValue!))
            #expect(ordered[0]["rating_id"] != ordered[1]["rating_id"])
            #expect(ordered[1].time - ordered[0].time >= 1_200_000)
            if ordered[0].choice != ordered[1].choice { differ += 1 }
        }
        #expect(differ > twice.count / 10 && differ < twice.count * 2 / 3, "\(differ) of \(twice.count) differ")
        // Only repeats rate a pair twice: without the regime, every (annotator, item) is rated once.
        let plain = Stream { _ in }
        #expect(Set(plain.honestPairwise.map { "\($0.annotator) \($0.item)" }).count == plain.honestPairwise.count)
    }

    /// Gold-aware spam: every gold item they rate is answered correctly, their durations look like the honest
    /// ones, and their agreement with the truth elsewhere is far below their gold accuracy; the truth marks exactly
    /// their random answers (about 70% of the non-gold ratings) as poisoned.
    @Test func goldAwareSpammersPassGoldAtHonestSpeed() throws {
        let stream = Stream { $0.attacks = [.goldAware: 0.05] }
        let spammers = Set(stream.truth.adversaries.filter { $0.kind == .goldAware }.map(\.annotatorID))
        #expect(spammers.count >= 3)
        let theirs = stream.ratings.filter { spammers.contains($0.annotator) }
        let gold = theirs.filter { $0["gold"] != nil }
        #expect(gold.count >= 10)
        #expect(gold.allSatisfy { $0.choice == $0["gold"]?.stringValue })
        // Each spammer's median duration lies within the range of the honest annotators' medians.
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        var honestMedians: [Double] = []
        for (_, rows) in Dictionary(grouping: stream.honestPairwise, by: \.annotator) where rows.count >= 10 {
            honestMedians.append(median(rows.map(\.duration)))
        }
        let spread = honestMedians.min()!...honestMedians.max()!
        for spammer in spammers {
            let own = median(theirs.filter { $0.annotator == spammer }.map(\.duration))
            #expect(spread.contains(own), "\(spammer): median \(own) ms, honest \(spread)")
        }
        #expect(median(theirs.map(\.duration)) > 2 * median(stream.honestPairwise.map(\.duration)) / 3)
        let better = stream.better
        let elsewhere = theirs.filter { $0["gold"] == nil }
        let agreement = Double(elsewhere.filter { better[$0.item] == $0.choice }.count) / Double(elsewhere.count)
        #expect(agreement < 0.7, "agreement off gold \(agreement)")
        let poisoned = Set(stream.truth.poisoned.map(\.ratingID))
        #expect(stream.truth.poisoned.allSatisfy { $0.kind == .goldAware && spammers.contains($0.annotatorID) })
        #expect(gold.allSatisfy { !poisoned.contains($0["rating_id"]!.stringValue!) })
        let share = Double(poisoned.count) / Double(elsewhere.count)
        #expect(abs(share - 0.7) < 0.06, "poisoned share \(share)")
    }

    /// The reference file has one line per pairwise item with its better response, and the truth file round-trips
    /// the regimes, the cohort and the repeats.
    @Test func referenceAndTruthCarryTheRegimes() throws {
        let stream = Stream {
            $0.regimes.campaignLaunchShare = 0.05
            $0.regimes.repeatExposure = 0.05
            $0.regimes.tieRate = 0.4
        }
        var lines: [JSONValue] = []
        for line in String(decoding: stream.truth.referenceLines(), as: UTF8.self).split(separator: "\n") {
            lines.append(try JSONParser.parse(String(line)))
        }
        #expect(lines.count == stream.truth.pairwiseItems.count)
        #expect(
            zip(lines, stream.truth.pairwiseItems).allSatisfy {
                $0["item_id"]?.stringValue == $1.itemID && $0["answer"]?.stringValue == $1.betterResponseID
            })
        let again = try SimulationTruth(json: stream.truth.json())
        #expect(again.regimes == stream.truth.regimes)
        #expect(again.campaignCohort == stream.truth.campaignCohort && !again.campaignCohort.isEmpty)
        #expect(again.repeatExposures == stream.truth.repeatExposures && !again.repeatExposures.isEmpty)
    }

    /// With no regime the attacked output is the one of before regimes and `gold-aware` existed, byte for byte,
    /// except that a replay now resubmits its original's content (display order, duration, meta; issue 12) — the
    /// only difference from commit 524c3a9, where these runs fingerprinted (0xe357_f9cb_523f_a85d, 3_004_887) and
    /// (0x6fc4_5014_7ae4_132f, 729_533). FNV-1a 64 of `assay simulate`: seed 5 with the eight earlier kinds at 2%, and
    /// seed 3, 50 annotators, 300 pairwise items, 2 ratings per item, ring and replay at 5%.
    @Test func attackedOutputIsUnchanged() {
        func fingerprint(_ configure: (inout SimulationConfig) -> Void) -> (UInt64, Int) {
            var config = SimulationConfig()
            configure(&config)
            return AssayRulesTests.fingerprint(config)
        }
        let all = fingerprint {
            $0.seed = 5
            $0.attacks = Dictionary(uniqueKeysWithValues: AttackKind.allCases.filter { $0 != .goldAware }.map { ($0, 0.02) })
        }
        #expect(all == (11_320_229_222_509_786_469, 3_004_887))
        let sparse = fingerprint {
            $0.seed = 3
            $0.annotators = 50
            $0.pairwiseItems = 300
            $0.ratingsPerItem = 2
            $0.attacks = [.ring: 0.05, .replay: 0.05]
        }
        #expect(sparse == (13_698_572_567_602_027_897, 729_534))
    }

    /// Every regime is seeded: the same configuration gives the same bytes, another seed other bytes.
    @Test func regimesAreDeterministic() {
        func bytes(_ seed: UInt64) -> [UInt8] {
            var config = SimulationConfig()
            config.seed = seed
            config.pairwiseItems = 300
            config.regimes.campaignLaunchShare = 0.1
            config.regimes.positionImbalance = 0.65
            config.regimes.tieRate = 0.5
            config.regimes.responsePool = 4
            config.regimes.repeatExposure = 0.05
            config.attacks = [.goldAware: 0.05]
            var out: [UInt8] = []
            RatingSimulator(config: config).generate { out.append(contentsOf: $0) }
            return out
        }
        #expect(bytes(2) == bytes(2))
        #expect(bytes(2) != bytes(3))
    }
}
