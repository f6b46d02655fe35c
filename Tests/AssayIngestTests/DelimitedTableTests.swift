import Testing

@testable import AssayIngest

struct DelimitedTableTests {
    @Test("Quoted fields, CRLF, BOM and sorted interning")
    func parses() throws {
        let text = "\u{FEFF}task,worker,label\r\n\"t,2\",w1,b\r\nt1,\"w\"\"2\",a\r\n\r\nt1,w1,10\n"
        let cols = try DelimitedTable.parse(Array(text.utf8), required: ["task", "worker", "label"])
        #expect(cols[0].names == ["t,2", "t1"])
        #expect(cols[0].codes == [0, 1, 1])
        #expect(cols[1].names == ["w\"2", "w1"])
        #expect(cols[2].names == ["10", "a", "b"])
        #expect(cols[2].codes == [2, 1, 0])
    }

    @Test("Numeric labels sort numerically")
    func numeric() {
        #expect(DelimitedTable.sortedNames(["10", "2", "1"]).0 == ["1", "2", "10"])
    }

    @Test(
        "Errors name the line and column",
        arguments: [
            ("task,worker,label\nt1,w1\n", TableError.badRow(line: 2, column: 3, message: "expected 3 fields as in the header, found 2")),
            ("task,worker,label\nt1,w1,a\nt2,,b\n", TableError.badRow(line: 3, column: 2, message: "empty value in column 'worker'")),
            ("task,worker,label\nt1,\"w1,a\n", TableError.unterminatedQuote(line: 2, column: 2)),
            ("task,label\nt1,a\n", TableError.missingColumn(name: "worker", header: ["task", "label"])),
            ("", TableError.missingHeader),
        ])
    func errors(_ row: (String, TableError)) {
        #expect(throws: row.1) { try DelimitedTable.parse(Array(row.0.utf8), required: ["task", "worker", "label"]) }
    }
}
