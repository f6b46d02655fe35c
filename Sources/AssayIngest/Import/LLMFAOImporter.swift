import AssayModel

/// Converts the LLMFAO crowd comparisons (Ustalov, dustalov/llmfao, CC BY 4.0) into
/// contract-v1 pairwise ratings.
///
/// Inputs: `crowd-comparisons.csv` (`id,prompt,model_x,model_y,worker,winner,left,right`) and
/// `pairs-crowd.jsonl` (prompt text and both outputs per pair id). Mapping: item `llmfao-<pair id>`
/// with responses `[model_x, model_y]` (ids are the model names, texts the outputs), annotator
/// `llmfao-w<worker>`, choice from `winner` (`left`/`right` name the side; `left` is always
/// `model_x` in this data, so `shown_order` is the canonical order), `tie` kept.
/// The source has no timestamps: `submitted_at` is synthetic (a fixed day plus one second per
/// row) and `meta.synthetic_time` says so.
public struct LLMFAOImporter {
    public enum Failure: Error, CustomStringConvertible {
        case malformed(file: String, line: Int, reason: String)

        public var description: String {
            switch self {
            case .malformed(let file, let line, let reason): return "\(file) line \(line): \(reason)"
            }
        }
    }

    private struct Pair {
        let prompt: String
        let promptType: String
        let outputX: String
        let outputY: String
    }

    /// The first synthetic submission time (2023-09-01T00:00:00Z, around the data's collection).
    static let syntheticStart: Int64 = 1_693_526_400_000

    /// Streams the converted ratings as JSON Lines lines (each with a trailing newline).
    /// - Returns: the number of ratings written.
    @discardableResult
    public static func convert(comparisons: String, pairs: String, emit: ([UInt8]) throws -> Void) throws -> Int {
        var pairTexts: [Int: Pair] = [:]
        var lines = LineReader(stream: try ByteStream(path: pairs))
        while let line = try lines.next() {
            guard !line.content.isEmpty else { continue }
            let value = try JSONParser.parse(Array(line.content))
            guard case .number(let id)? = value["id"], case .string(let text)? = value["text"],
                case .string(let outputX)? = value["result_x"], case .string(let outputY)? = value["result_y"]
            else { throw Failure.malformed(file: pairs, line: line.number, reason: "needs id, text, result_x, result_y") }
            pairTexts[Int(id)] = Pair(prompt: text, promptType: value["type"]?.stringValue ?? "", outputX: outputX, outputY: outputY)
        }
        var reader = CSVRecordReader(stream: try ByteStream(path: comparisons))
        guard case .success(let header)? = try reader.next() else {
            throw Failure.malformed(file: comparisons, line: 1, reason: "missing header")
        }
        let expected = ["id", "prompt", "model_x", "model_y", "worker", "winner", "left", "right"]
        guard header.fields == expected else {
            throw Failure.malformed(file: comparisons, line: 1, reason: "header must be \(expected.joined(separator: ","))")
        }
        var introduced: Set<Int> = []
        var written = 0
        var out: [UInt8] = []
        while let result = try reader.next() {
            let record: CSVRecordReader.Record
            switch result {
            case .failure(let malformed): throw Failure.malformed(file: comparisons, line: malformed.line, reason: malformed.reason)
            case .success(let success): record = success
            }
            guard record.fields.count == 8, let pairID = Int(record.fields[0]) else {
                throw Failure.malformed(file: comparisons, line: record.line, reason: "expected 8 fields with a numeric id")
            }
            guard let pair = pairTexts[pairID] else {
                throw Failure.malformed(file: comparisons, line: record.line, reason: "pair \(pairID) is not in \(pairs)")
            }
            let (worker, winner, left, right) = (record.fields[4], record.fields[5], record.fields[6], record.fields[7])
            let choice: String
            switch winner {
            case "left": choice = left
            case "right": choice = right
            case "tie": choice = "tie"
            default: throw Failure.malformed(file: comparisons, line: record.line, reason: "winner must be left, right or tie")
            }
            written += 1
            var members: [(key: String, value: JSONValue)] = [
                ("rating_id", .string("llmfao-\(record.line - 1)")),
                ("annotator_id", .string("llmfao-w\(worker)")),
                ("item_id", .string("llmfao-\(pairID)")),
                ("kind", .string("pairwise")),
            ]
            if introduced.insert(pairID).inserted {
                members.append(("prompt", .string(pair.prompt)))
                members.append(
                    (
                        "responses",
                        .array([
                            .object([("id", .string(left)), ("text", .string(pair.outputX))]),
                            .object([("id", .string(right)), ("text", .string(pair.outputY))]),
                        ])
                    ))
            }
            members.append(("shown_order", .array([.string(left), .string(right)])))
            members.append(("choice", .string(choice)))
            members.append(
                (
                    "submitted_at",
                    .string(Timestamp(millisecondsSinceEpoch: syntheticStart + Int64(record.line - 2) * 1000).description)
                ))
            members.append(
                (
                    "meta",
                    .object([
                        ("source", .string("dustalov/llmfao crowd-comparisons.csv")), ("row", .number(Double(record.line - 1))),
                        ("prompt_id", .string(record.fields[1])), ("prompt_type", .string(pair.promptType)),
                        ("synthetic_time", .bool(true)),
                    ])
                ))
            out.removeAll(keepingCapacity: true)
            JSONWriter.append(.object(members), to: &out)
            out.append(UInt8(ascii: "\n"))
            try emit(out)
        }
        return written
    }
}
