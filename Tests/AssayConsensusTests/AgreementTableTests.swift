import Testing

@testable import AssayConsensus

struct AgreementTableTests {
    /// Annotators 0 and 1 always agree, 2 always disagrees with them; 4 binary items.
    static func sample() throws -> CategoricalLabels {
        var a: [Int32] = []
        var i: [Int32] = []
        var y: [Int32] = []
        for item in 0..<4 {
            let truth = Int32(item % 2)
            for (ann, lab) in [(0, truth), (1, truth), (2, 1 - truth)] as [(Int32, Int32)] {
                a.append(ann)
                i.append(Int32(item))
                y.append(lab)
            }
        }
        return try CategoricalLabels(annotators: a, items: i, labels: y, annotatorCount: 4, itemCount: 4, classCount: 2)
    }

    @Test("Pair table rows, observed and chance agreement")
    func pairTable() throws {
        let t = AnnotatorAgreement.pairTable(try Self.sample())
        #expect(t.map { [$0.first, $0.second] } == [[0, 1], [0, 2], [1, 2]])
        #expect(t.map(\.coRated) == [4, 4, 4])
        #expect(t.map(\.observed) == [1, 0, 0])
        #expect(t.map(\.expected) == [0.5, 0.5, 0.5])
        #expect(t[0].kappa == 1 && t[1].kappa == -1)
    }

    @Test("Leave-one-out agreement")
    func leaveOneOut() throws {
        let l = try AnnotatorAgreement.leaveOneOut(try Self.sample())
        // Others of 0: {1 agrees, 2 disagrees} → tie → lowest class; soft agreement 0.5.
        #expect(l.softAgreement[0] == 0.5 && l.softAgreement[2] == 0)
        #expect(l.comparable == [4, 4, 4, 0])
        #expect(l.majorityAgreement[3] == nil)
        // Annotator 2's others always agree with each other and never with it.
        #expect(l.majorityAgreement[2] == 0)
    }

    @Test("Pair table on RTE matches a direct count for the busiest pair")
    func rte() throws {
        let d = try Fixtures.dataset("RTE").data
        let table = AnnotatorAgreement.pairTable(d)
        let top = table.max { $0.coRated != $1.coRated ? $0.coRated < $1.coRated : ($0.first, $0.second) > ($1.first, $1.second) }!
        var la: [Int32: Int32] = [:]
        var lb: [Int32: Int32] = [:]
        for r in 0..<d.count {
            if d.annotators[r] == top.first { la[d.items[r]] = d.labels[r] }
            if d.annotators[r] == top.second { lb[d.items[r]] = d.labels[r] }
        }
        let common = la.keys.filter { lb[$0] != nil }
        #expect(common.count == top.coRated)
        let agree = common.filter { la[$0] == lb[$0] }.count
        #expect(abs(Double(agree) / Double(common.count) - top.observed) < 1e-12)
        let cohen = try CohenKappa.compute(common.sorted().map { la[$0]! }, common.sorted().map { lb[$0]! }, classCount: 2)
        #expect(cohen != nil)
    }
}
