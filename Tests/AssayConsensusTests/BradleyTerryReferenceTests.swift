import AssayIngest
import Foundation
import Testing

@testable import AssayConsensus

/// Bradley–Terry against evalica's golden outputs (dustalov/evalica, Apache-2.0).
struct BradleyTerryReferenceTests {
    struct Loaded {
        var comparisons: PairwiseComparisons
        var names: [String]
    }

    /// Loads `left,right,winner` (+ optional `worker`) rows into comparisons over sorted item names.
    static func load(_ path: String, worker: Bool = false) throws -> Loaded {
        var cols = ["left", "right", "winner"]
        if worker { cols.append("worker") }
        let t = try DelimitedTable.parse(Fixtures.bytes(path), required: cols)
        let (names, remapL, remapR) = merge(t[0], t[1])
        let outcomes: [PairwiseOutcome] = t[2].codes.map {
            switch t[2].names[Int($0)] {
            case "left": return .firstBetter
            case "right": return .secondBetter
            default: return .tie
            }
        }
        let c = try PairwiseComparisons(
            annotators: worker ? t[3].codes : nil,
            firsts: t[0].codes.map { remapL[Int($0)] }, seconds: t[1].codes.map { remapR[Int($0)] },
            outcomes: outcomes, itemCount: names.count, annotatorCount: worker ? t[3].names.count : 1)
        return Loaded(comparisons: c, names: names)
    }

    /// One sorted name list for two interned columns.
    static func merge(_ a: InternedColumn, _ b: InternedColumn) -> ([String], [Int32], [Int32]) {
        let names = Array(Set(a.names).union(b.names)).sorted()
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, Int32($0)) })
        return (names, a.names.map { index[$0]! }, b.names.map { index[$0]! })
    }

    static func golden(_ path: String, algorithm: String) throws -> [String: Double] {
        let t = try DelimitedTable.parse(Fixtures.bytes(path), required: ["algorithm", "item", "score"])
        var out: [String: Double] = [:]
        for r in t[0].codes.indices where t[0].names[Int(t[0].codes[r])] == algorithm {
            out[t[1].names[Int(t[1].codes[r])]] = Double(t[2].names[Int(t[2].codes[r])])!
        }
        return out
    }

    static let cases: [(String, String, String, BradleyTerry.TieModel)] = [
        ("food", "evalica/food.csv", "evalica/food-golden.csv", .halfWin),
        ("simple", "evalica/simple.csv", "evalica/simple-golden.csv", .halfWin),
        ("LLMFAO", "llmfao/crowd-comparisons.csv", "evalica/llmfao-golden.csv", .halfWin),
        ("food", "evalica/food.csv", "evalica/food-golden.csv", .davidson),
        ("simple", "evalica/simple.csv", "evalica/simple-golden.csv", .davidson),
        ("LLMFAO", "llmfao/crowd-comparisons.csv", "evalica/llmfao-golden.csv", .davidson),
    ]

    @Test("Scores match evalica's golden file at rtol 1e-4", arguments: cases)
    func golden(_ row: (String, String, String, BradleyTerry.TieModel)) throws {
        let data = try Self.load(row.1)
        let algorithm = row.3 == .halfWin ? "bradley_terry" : "newman"
        let expected = try Self.golden(row.2, algorithm: algorithm)
        let fit = try BradleyTerry.fit(data.comparisons, options: .init(ties: row.3))
        #expect(fit.converged)
        let total = expected.values.reduce(0, +)
        #expect(expected.count == data.names.count)
        var worst = 0.0
        for (i, name) in data.names.enumerated() {
            let e = try #require(expected[name]) / total
            worst = max(worst, abs(fit.scores[i] - e) / e)
        }
        #expect(worst < 1e-4, "\(row.0) \(algorithm): worst relative error \(worst), iterations \(fit.iterations)")
    }

    @Test("Never-winning items get strength 0 without regularisation, positive with it")
    func regularisation() throws {
        let c = try PairwiseComparisons(firsts: [0, 0, 1], seconds: [1, 2, 2], outcomes: [.firstBetter, .firstBetter, .firstBetter], itemCount: 3)
        let plain = try BradleyTerry.fit(c)
        #expect(plain.scores[2] == 0)
        let reg = try BradleyTerry.fit(c, options: .init(virtualComparisons: 1))
        #expect(reg.scores[2] > 0 && reg.scores[0] > reg.scores[1] && reg.scores[1] > reg.scores[2])
    }
}
