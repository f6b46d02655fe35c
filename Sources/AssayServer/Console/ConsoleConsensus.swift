import AssayModel
import Foundation

/// The consensus a run wrote for some items, read from its `dataset.jsonl` (pairwise items and ranking pairs)
/// and `scores.jsonl` (score items), so the annotator page can show their ratings beside it.
///
/// Reads the files line by line and parses only the lines of the wanted items; a missing file gives no
/// consensus. Blocking: call it on a store lane (`ServiceStore.offload`).
struct ConsoleConsensus: Sendable {
    /// A kept comparison: `chosen` over `rejected` with its margin.
    struct Pair: Sendable {
        let chosen: String
        let rejected: String
        let margin: Double
    }

    /// A consensus score of one response on one attribute.
    struct Score: Sendable {
        let responseID: String
        let attribute: String
        let score: Double
    }

    var pairs: [String: [Pair]] = [:]
    var scores: [String: [Score]] = [:]

    /// The consensus of `items` in the run folder `output`.
    static func read(output: String, items: Set<String>) -> ConsoleConsensus {
        var consensus = ConsoleConsensus()
        guard !items.isEmpty else { return consensus }
        let folder = URL(fileURLWithPath: output)
        forEachLine(folder.appendingPathComponent("dataset.jsonl"), items: items) { item, row in
            guard let chosen = row["chosen_id"]?.stringValue, let rejected = row["rejected_id"]?.stringValue else { return }
            consensus.pairs[item, default: []].append(Pair(chosen: chosen, rejected: rejected, margin: row["margin"]?.numberValue ?? 0))
        }
        forEachLine(folder.appendingPathComponent("scores.jsonl"), items: items) { item, row in
            guard let response = row["response_id"]?.stringValue, let score = row["score"]?.numberValue else { return }
            consensus.scores[item, default: []].append(Score(responseID: response, attribute: row["attribute"]?.stringValue ?? "", score: score))
        }
        return consensus
    }

    /// Calls `visit` with each line of `file` whose `item_id` is in `items`, parsed.
    private static func forEachLine(_ file: URL, items: Set<String>, _ visit: (String, JSONValue) -> Void) {
        guard let handle = try? FileHandle(forReadingFrom: file) else { return }
        defer { try? handle.close() }
        let needle = Array(#""item_id":""#.utf8)
        var pending: [UInt8] = []
        func line(_ bytes: ArraySlice<UInt8>) {
            guard let start = bytes.firstRange(of: needle)?.upperBound,
                let end = bytes[start...].firstIndex(of: UInt8(ascii: "\""))
            else { return }
            let item = String(decoding: bytes[start..<end], as: UTF8.self)
            guard items.contains(item), let row = try? JSONParser.parse(Array(bytes)) else { return }
            visit(item, row)
        }
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var from = pending.startIndex
            while let newline = pending[from...].firstIndex(of: 0x0A) {
                line(pending[from..<newline])
                from = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<from)
        }
        if !pending.isEmpty { line(pending[...]) }
    }
}
