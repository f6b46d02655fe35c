import Testing

@testable import AssayConsensus

/// Accuracy against gold on real crowd data, held against crowd-kit 1.4.2's figures
/// (shared/datasets/README.md): Zheng et al. 2017 (Duck, Dog) and Snow et al. 2008 (RTE, TEMP, WSD).
struct DawidSkeneReferenceTests {
    /// (data set, crowd-kit DS, crowd-kit one-coin, Assay DS pinned, Assay one-coin pinned)
    static let table: [(String, Double, Double, Double, Double)] = [
        ("Duck", 0.8889, 0.5833, 96.0 / 108, 63.0 / 108),
        ("Dog", 0.8426, 0.8302, 680.0 / 807, 670.0 / 807),
        ("RTE", 0.9275, 0.9250, 744.0 / 800, 737.0 / 800),
        ("TEMP", 0.9416, 0.9394, 435.0 / 462, 434.0 / 462),
        ("WSD", 0.9944, 0.9944, 176.0 / 177, 176.0 / 177),
    ]

    @Test("Dawid–Skene is within 0.5 pp of crowd-kit on every set", arguments: table)
    func dawidSkene(_ row: (String, Double, Double, Double, Double)) throws {
        let d = try Fixtures.dataset(row.0)
        let fit = try DawidSkene.fit(d.data)
        let acc = d.accuracy(fit.result.labels)
        #expect(acc >= row.1 - 0.005, "\(row.0): \(acc) vs crowd-kit \(row.1)")
        #expect(abs(acc - row.3) < 1e-12, "\(row.0): pinned \(row.3), got \(acc)")
        #expect(fit.result.converged)
    }

    @Test("One-coin Dawid–Skene is within 0.5 pp of crowd-kit", arguments: table)
    func oneCoin(_ row: (String, Double, Double, Double, Double)) throws {
        let d = try Fixtures.dataset(row.0)
        let acc = d.accuracy(try OneCoinDawidSkene.fit(d.data).result.labels)
        #expect(acc >= row.2 - 0.005, "\(row.0): \(acc) vs crowd-kit \(row.2)")
        #expect(abs(acc - row.4) < 1e-12, "\(row.0): pinned \(row.4), got \(acc)")
    }

    @Test("Dawid–Skene beats crowd-kit on average")
    func average() throws {
        var ours = 0.0
        var theirs = 0.0
        for row in Self.table {
            let d = try Fixtures.dataset(row.0)
            ours += d.accuracy(try DawidSkene.fit(d.data).result.labels)
            theirs += row.1
        }
        #expect(ours / 5 > theirs / 5, "Assay \(ours / 5) vs crowd-kit \(theirs / 5)")
    }

    @Test("Majority vote on RTE: ties go to the lowest class")
    func majorityVoteRTE() throws {
        let d = try Fixtures.dataset("RTE")
        let mv = try MajorityVote.fit(d.data)
        #expect(abs(d.accuracy(mv.labels) - 735.0 / 800) < 1e-12)
    }

    @Test("Same input, same bits")
    func deterministic() throws {
        let d = try Fixtures.dataset("Dog")
        let a = try DawidSkene.fit(d.data)
        let b = try DawidSkene.fit(d.data)
        #expect(a == b)
    }
}
