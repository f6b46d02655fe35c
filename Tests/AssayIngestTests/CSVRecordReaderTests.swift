import AssayIngest
import AssayTestSupport
import Foundation
import Testing

/// The CSV reader is one pass over the bytes: a stray quote costs linear time and bounded memory, and its error
/// names the line where the quoted field started.
@Suite("CSV record reader")
struct CSVRecordReaderTests {
    /// Every record of `text` as fields, or `error(line): reason`.
    static func records(_ text: String, cap: Int = CSVRecordReader.defaultMaximumRecordBytes) throws -> [String] {
        var reader = CSVRecordReader(stream: ByteStream(bytes: Array(text.utf8)), maximumRecordBytes: cap)
        var out: [String] = []
        while let result = try reader.next() {
            switch result {
            case .success(let record): out.append("\(record.line):\(record.fields)")
            case .failure(let malformed): out.append("error(\(malformed.line)): \(malformed.reason)")
            }
        }
        return out
    }

    @Test(
        "RFC 4180 records: quoting, doubled quotes, line breaks inside quotes, CRLF, blank lines, byte order mark",
        arguments: [
            ("a,b\n1,2\n", [#"1:["a", "b"]"#, #"2:["1", "2"]"#]),
            ("a,b\r\n1,2", [#"1:["a", "b"]"#, #"2:["1", "2"]"#]),
            ("\u{FEFF}a,b\n", [#"1:["a", "b"]"#]),
            ("x\n\n\ny\n", [#"1:["x"]"#, "2:[]", "3:[]", #"4:["y"]"#]),
            ("\"a,b\",\"say \"\"hi\"\"\"\n", [#"1:["a,b", "say \"hi\""]"#]),
            ("\"one\r\ntwo\",3\nnext\n", [#"1:["one\ntwo", "3"]"#, #"3:["next"]"#]),
            ("a,\n,\n\"\"\n", [#"1:["a", ""]"#, #"2:["", ""]"#, #"3:[""]"#]),
            ("a\rb,c\n", [#"1:["a\rb", "c"]"#]),
            ("\"a\"x,b\nok\n", ["error(1): text after a closing quote in field 1", #"2:["ok"]"#]),
            ("a\"b,c\nok\n", ["error(1): a quote inside unquoted field 1", #"2:["ok"]"#]),
            ("ok\nx,\"open\nmore\n", [#"1:["ok"]"#, "error(2): the quoted field 2 opened on line 2 is never closed"]),
        ])
    func records(_ text: String, _ expected: [String]) throws {
        #expect(try Self.records(text) == expected)
    }

    @Test("a record above the cap stops the read with the line of its open quote")
    func cap() throws {
        let text = "h\nfine\nbad,\"" + String(repeating: "x,y\n", count: 1000)
        #expect {
            _ = try Self.records(text, cap: 1000)
        } throws: { error in
            let tooLarge = error as? CSVRecordReader.RecordTooLarge
            return tooLarge == CSVRecordReader.RecordTooLarge(line: 3, quoteLine: 3, limit: 1000)
                && "\(error)".contains("line 3: the quoted field opened on line 3 is still open after 1000 bytes")
        }
    }

    /// ~100 MB of pairwise CSV with one stray quote on line 3. The old reader re-split everything read so far for
    /// each continuation line (quadratic: it did not finish in hours); now `assay ingest` stops within seconds,
    /// names the line, and its memory stays far below the file's size.
    @Test("a stray quote near the start of a 100 MB CSV: fast, bounded, names the line")
    func strayQuoteInALargeFile() throws {
        let folder = TemporaryDirectory("assay-csv-large")
        let path = folder.path("large.csv")
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.write(
            Data(
                """
                rating_id,annotator_id,item_id,prompt,response_a,response_b,choice,submitted_at
                c1,a1,i1,P,A,B,a,2026-11-20T10:00:00Z
                c2,a1,i2,"P,A,B,a,2026-11-20T10:00:00Z

                """.utf8))
        var block = Data()
        var row = 3
        while block.count < 1 << 20 {
            row += 1
            block.append(Data("c\(row),a\(row % 40),i\(row),Prompt \(row),Answer A,Answer B,a,2026-11-20T10:00:00Z\n".utf8))
        }
        for _ in 0..<100 { handle.write(block) }
        try handle.close()
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 100 << 20)

        let result = try ProcessRunner.measured(
            Repository.assay, ["ingest", path, "--db", folder.path("store.sqlite"), "--quiet"], timeout: 120)
        #expect(!result.timedOut, "assay ingest did not finish within 120 s")
        #expect(result.status == 1, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stderr.contains("line 3: the quoted field opened on line 3 is still open after 16 MiB"), "\(result.stderr)")
        #expect(result.seconds < 60, "took \(result.seconds) s")
        #expect(result.peakResidentBytes < 256 << 20, "peak memory \(result.peakResidentBytes >> 20) MiB for a \(size >> 20) MiB file")
    }
}
