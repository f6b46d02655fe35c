import AssayModel

extension LLMFAOImporter {
    /// Converts GPT-4's verdicts (`gpt4-crowd-comparisons.csv`, `id,prompt,model_x,model_y,winner,left,right`, one row
    /// per pair) into reference answers (Docs/evaluation.md): one JSON Lines line per pair,
    /// `{"item_id": "llmfao-<id>", "answer": <the winning side's model name> | "tie", "source": "gpt4"}`, with the
    /// same item and response ids as `convert` (the response ids are the model names of `left` and `right`).
    /// - Returns: the number of reference lines written.
    @discardableResult
    public static func convertReference(verdicts: String, emit: ([UInt8]) throws -> Void) throws -> Int {
        var reader = CSVRecordReader(stream: try ByteStream(path: verdicts))
        guard case .success(let header)? = try reader.next() else {
            throw Failure.malformed(file: verdicts, line: 1, reason: "missing header")
        }
        let expected = ["id", "prompt", "model_x", "model_y", "winner", "left", "right"]
        guard header.fields == expected else {
            throw Failure.malformed(file: verdicts, line: 1, reason: "header must be \(expected.joined(separator: ","))")
        }
        var written = 0
        var seen: Set<Int> = []
        var out: [UInt8] = []
        while let result = try reader.next() {
            let record: CSVRecordReader.Record
            switch result {
            case .failure(let malformed): throw Failure.malformed(file: verdicts, line: malformed.line, reason: malformed.reason)
            case .success(let success): record = success
            }
            if record.fields.isEmpty { continue }
            guard record.fields.count == 7, let pairID = Int(record.fields[0]) else {
                throw Failure.malformed(file: verdicts, line: record.line, reason: "expected 7 fields with a numeric id")
            }
            guard seen.insert(pairID).inserted else {
                throw Failure.malformed(file: verdicts, line: record.line, reason: "pair \(pairID) has a second verdict")
            }
            let answer: String
            switch record.fields[4] {
            case "left": answer = record.fields[5]
            case "right": answer = record.fields[6]
            case "tie": answer = "tie"
            default: throw Failure.malformed(file: verdicts, line: record.line, reason: "winner must be left, right or tie")
            }
            out.removeAll(keepingCapacity: true)
            JSONWriter.append(
                .object([("item_id", .string("llmfao-\(pairID)")), ("answer", .string(answer)), ("source", .string("gpt4"))]), to: &out)
            out.append(UInt8(ascii: "\n"))
            try emit(out)
            written += 1
        }
        return written
    }
}
