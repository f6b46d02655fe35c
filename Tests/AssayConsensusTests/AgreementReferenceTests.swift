import Foundation
import Testing

@testable import AssayConsensus

/// Krippendorff's alpha, Fleiss' kappa and Cohen's kappa against published reference values.
struct AgreementReferenceTests {
    /// Reads an observers × units matrix (blank = missing) into unit/value columns.
    static func matrix(_ path: String) throws -> (units: [Int32], cells: [String], unitCount: Int) {
        let text = String(decoding: try Fixtures.bytes(path), as: UTF8.self)
        var units: [Int32] = []
        var cells: [String] = []
        var unitCount = 0
        for line in text.split(whereSeparator: \.isNewline) {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            unitCount = max(unitCount, fields.count)
            for (u, f) in fields.enumerated() where !f.isEmpty {
                units.append(Int32(u))
                cells.append(String(f))
            }
        }
        return (units, cells, unitCount)
    }

    /// krippendorff 0.9.0 on Krippendorff's (2011) example.
    static let codings: [(KrippendorffAlpha.Level, Double)] = [
        (.nominal, 0.7434210526), (.ordinal, 0.8153875038), (.interval, 0.8491071429), (.ratio, 0.7974027747),
    ]

    @Test("Krippendorff's alpha on codings.csv", arguments: codings)
    func alphaCodings(_ row: (KrippendorffAlpha.Level, Double)) throws {
        let m = try Self.matrix("evalica/codings.csv")
        let alpha = try #require(
            try KrippendorffAlpha.compute(
                units: m.units, values: m.cells.map { Double($0)! }, unitCount: m.unitCount, level: row.0))
        #expect(abs(alpha - row.1) < 1e-9, "\(row.0): \(alpha)")
    }

    @Test("Nominal alpha on codings.csv is exactly 904/1216")
    func alphaExact() throws {
        let m = try Self.matrix("evalica/codings.csv")
        let alpha = try KrippendorffAlpha.compute(units: m.units, values: m.cells.map { Double($0)! }, unitCount: m.unitCount, level: .nominal)
        #expect(abs(alpha! - 904.0 / 1216.0) < 1e-12)
    }

    @Test("Nominal alpha on gcl.csv (string categories)")
    func alphaGCL() throws {
        let m = try Self.matrix("evalica/gcl.csv")
        let names = Array(Set(m.cells)).sorted()
        let values = m.cells.map { Double(names.firstIndex(of: $0)!) }
        let alpha = try KrippendorffAlpha.compute(units: m.units, values: values, unitCount: m.unitCount, level: .nominal)
        #expect(abs(alpha! - 1.0 / 12.0) < 1e-9, "\(alpha!)")
    }

    @Test("Alpha is undefined without disagreement and errors on bad input")
    func alphaEdges() throws {
        #expect(try KrippendorffAlpha.compute(units: [0, 0, 1, 1], values: [3, 3, 3, 3], unitCount: 2, level: .interval) == nil)
        #expect(throws: ConsensusError.self) {
            try KrippendorffAlpha.compute(units: [0, 5], values: [1, 2], unitCount: 2, level: .nominal)
        }
    }

    /// statsmodels 0.15 fleiss_kappa on Snow et al. (2008).
    static let fleiss: [(String, Double)] = [("RTE", 0.241384), ("TEMP", 0.223245), ("WSD", 0.937165)]

    @Test("Fleiss' kappa on Snow et al. (2008)", arguments: fleiss)
    func fleissSnow(_ row: (String, Double)) throws {
        let d = try Fixtures.dataset(row.0)
        let kappa = try #require(try FleissKappa.compute(d.data))
        #expect(abs(kappa - row.1) < 1e-6, "\(row.0): \(kappa)")
    }

    @Test("Fleiss' kappa on the Fleiss (1971) example")
    func fleiss1971() throws {
        let table: [[Double]] = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        let kappa = try FleissKappa.compute(counts: table.flatMap { $0 }, itemCount: 10, classCount: 5)
        #expect(abs(kappa! - 0.2099307044) < 1e-9)
    }

    @Test("Cohen's kappa on a 2×2 table")
    func cohen() throws {
        // [[20, 5], [10, 15]]: rows first rater, columns second.
        var a: [Int32] = []
        var b: [Int32] = []
        for (x, y, n) in [(0, 0, 20), (0, 1, 5), (1, 0, 10), (1, 1, 15)] as [(Int32, Int32, Int)] {
            a += Array(repeating: x, count: n)
            b += Array(repeating: y, count: n)
        }
        #expect(abs(try CohenKappa.compute(a, b, classCount: 2)! - 0.4) < 1e-12)
    }
}
