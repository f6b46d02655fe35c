import AssayConsensus
import AssayIngest
import Testing

@Suite("crowd-kit tables: the long layouts read into codes, errors naming file, line and column")
struct CrowdKitTableTests {
    @Test("a pairwise table takes left/right/tie and the winner's id; items sorted, no worker column is one worker")
    func pairwiseLabels() throws {
        let csv = "left,right,label\nb,a,left\na,c,c\nc,b,DRAW\n"
        let table = try CrowdKitPairwiseTable(Array(csv.utf8), source: "p.csv", delimiter: UInt8(ascii: ","), requireWorkers: false)
        #expect(table.items == ["a", "b", "c"])
        #expect(table.workers == ["all"])
        #expect(table.data.firsts == [1, 0, 2])
        #expect(table.data.seconds == [0, 2, 1])
        #expect(table.data.outcomes == [.firstBetter, .secondBetter, .tie])
    }

    @Test("a label that names neither item, and an item compared with itself, are refused with their line")
    func pairwiseErrors() {
        let comma = UInt8(ascii: ",")
        #expect(throws: CrowdKitError("p.csv: line 3, column 4 ('label'): 'z' is neither left, right, tie nor one of the compared items 'a', 'b'")) {
            try CrowdKitPairwiseTable(
                Array("worker,left,right,label\nw1,a,b,a\nw2,a,b,z\n".utf8), source: "p.csv", delimiter: comma, requireWorkers: true)
        }
        #expect(throws: CrowdKitError("p.csv: line 2: 'a' is compared with itself")) {
            try CrowdKitPairwiseTable(Array("left,right,label\na,a,tie\n".utf8), source: "p.csv", delimiter: comma, requireWorkers: false)
        }
    }

    @Test("gold labels map to the answers' codes; an unknown gold label names the gold file's line")
    func categoricalGold() throws {
        let comma = UInt8(ascii: ",")
        let table = try CrowdKitCategoricalTable(Array("task,worker,label\nt2,w1,y\nt1,w2,x\n".utf8), source: "a.csv", delimiter: comma)
        #expect(table.tasks == ["t1", "t2"] && table.labels == ["x", "y"])
        #expect(try table.gold(Array("task,true_label\nt2,x\nt9,y\n".utf8), source: "g.csv", delimiter: comma) == [-1, 0])
        #expect(throws: CrowdKitError("g.csv: line 2, column 'gold': gold label 'q' never appears among the answers' labels")) {
            try table.gold(Array("task,gold\nt1,q\n".utf8), source: "g.csv", delimiter: comma)
        }
        #expect(table.numericLabels == nil)
    }
}
