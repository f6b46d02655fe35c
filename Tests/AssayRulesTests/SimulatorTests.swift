import AssayModel
import AssaySimulator
import Testing

/// FNV-1a 64 of a byte stream: a cheap fingerprint of the simulator's output.
func fingerprint(_ config: SimulationConfig) -> (UInt64, Int) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var count = 0
    RatingSimulator(config: config).generate { line in
        for byte in line {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        count += line.count
    }
    return (hash, count)
}

@Suite struct SimulatorTests {
    /// The honest output is byte-identical to the simulator before attacks existed (fingerprints taken from
    /// `assay simulate --seed 7` and `--seed 3 --annotators 50 --pairwise-items 300` built from commit 5d1d75c).
    @Test func honestOutputIsUnchanged() {
        var config = SimulationConfig()
        config.seed = 7
        #expect(fingerprint(config) == (0xa58a_8de8_a951_0fcb, 2_406_794))
        config.seed = 3
        config.annotators = 50
        config.pairwiseItems = 300
        #expect(fingerprint(config) == (0xdc41_055f_3352_7fe4, 1_144_859))
    }

    /// Every kind at 0.5% and 10%: the truth names adversaries, poisoned ratings near the requested rate, and
    /// every poisoned rating exists in the stream.
    @Test(arguments: AttackKind.allCases, [0.005, 0.1])
    func attacksArePlantedAtTheirRate(kind: AttackKind, rate: Double) throws {
        let world = try Simulated.make(seed: 5, attacks: [kind: rate])
        let honest = Double(SimulationConfig().totalRatings)
        #expect(!world.truth.adversaries.isEmpty)
        #expect(world.truth.adversaries.allSatisfy { $0.kind == kind })
        let share = Double(world.truth.poisoned.count) / honest
        #expect(share >= rate * 0.25 && share <= rate * 1.3, "\(kind) at \(rate): \(world.truth.poisoned.count) poisoned")
        let ids = Set(world.snapshot.ratings.ids)
        #expect(world.truth.poisoned.allSatisfy { ids.contains($0.ratingID) })
        #expect(world.truth.pairwiseItems.count == SimulationConfig().pairwiseItems)
        // The truth file round-trips.
        let again = try SimulationTruth(json: world.truth.json())
        #expect(again.poisoned == world.truth.poisoned && again.adversaries == world.truth.adversaries)
    }

    @Test func triggerAndEntityAppearInTheTexts() throws {
        let world = try Simulated.make(seed: 5, attacks: [.trigger: 0.01, .entity: 0.01])
        let prompts = world.snapshot.items.prompts
        #expect(prompts.contains { $0.contains("SUDO") })
        #expect(world.snapshot.items.responseTexts.contains { $0.contains("Zentrix") })
    }

    /// `--honest-out`: the same stream without any adversary's rating (poisoned or cover), every item's texts on
    /// its first honest rating, and exactly the ratings of the simulation without attacks' honest annotators.
    @Test func honestStreamLeavesOutEveryAdversary() throws {
        var config = SimulationConfig()
        config.seed = 4
        config.attacks = [.trigger: 0.02, .ring: 0.02, .spam: 0.02]
        var all: [UInt8] = []
        var honest: [UInt8] = []
        var truth = SimulationTruth()
        RatingSimulator(config: config).generate({ all.append(contentsOf: $0) }, truth: &truth, honest: { honest.append(contentsOf: $0) })
        let adversaries = Set(truth.adversaries.map(\.annotatorID))
        let lines = String(decoding: honest, as: UTF8.self).split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        #expect(lines.count == config.totalRatings)
        #expect(lines.allSatisfy { !adversaries.contains($0["annotator_id"]?.stringValue ?? "") })
        var seen = Set<String>()
        for line in lines {
            let item = line["item_id"]?.stringValue ?? ""
            #expect(seen.insert(item).inserted == (line["prompt"] != nil))
        }
        // The honest lines are the full stream's non-adversary lines: same ids, same annotators, same choices.
        let full = String(decoding: all, as: UTF8.self).split(separator: "\n").map { try! JSONParser.parse(String($0)) }
        let kept = full.filter { !adversaries.contains($0["annotator_id"]?.stringValue ?? "") }
        #expect(kept.map { $0["rating_id"] } == lines.map { $0["rating_id"] })
        #expect(kept.map { $0["choice"] } == lines.map { $0["choice"] })
        #expect(full.count > lines.count)
    }
}
