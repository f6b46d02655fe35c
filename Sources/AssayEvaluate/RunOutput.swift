import AssayModel

/// What `assay evaluate` reads from a cleaning run's output directory (shared/contract/outputs-v1.md).
public struct RunOutput: Sendable {
    /// `annotators.jsonl`: status by annotator id (`trusted`, `downweighted`, `flagged`, `excluded`).
    public var status: [String: String] = [:]
    /// `exclusions.jsonl`: every rating id left out of the dataset.
    public var excludedRatings: Set<String> = []
    /// `dataset.jsonl`: the chosen response id of each item (the row with the largest margin when an item has
    /// several rows, e.g. pairs derived from a ranking).
    public var chosen: [String: String] = [:]

    public init() {}

    /// Reads the three files of `directory`.
    public init(directory: String) throws(EvaluationError) {
        for line in try Lines.read("\(directory)/annotators.jsonl") {
            guard let id = line["annotator_id"]?.stringValue, let status = line["status"]?.stringValue else {
                throw .malformed(file: "annotators.jsonl", reason: "a line without annotator_id or status")
            }
            self.status[id] = status
        }
        for line in try Lines.read("\(directory)/exclusions.jsonl") {
            guard let id = line["rating_id"]?.stringValue else { throw .malformed(file: "exclusions.jsonl", reason: "a line without rating_id") }
            excludedRatings.insert(id)
        }
        var margins: [String: Double] = [:]
        for line in try Lines.read("\(directory)/dataset.jsonl") {
            guard let item = line["item_id"]?.stringValue, let chosen = line["chosen_id"]?.stringValue else {
                throw .malformed(file: "dataset.jsonl", reason: "a line without item_id or chosen_id")
            }
            let margin = line["margin"]?.numberValue ?? 0
            if margins[item] == nil || margin > margins[item]! {
                margins[item] = margin
                self.chosen[item] = chosen
            }
        }
    }

    /// Whether the run caught an annotator (held for review or excluded).
    public func caught(_ annotator: String) -> Bool {
        status[annotator] == "flagged" || status[annotator] == "excluded"
    }
}

/// Why an evaluation could not be made.
public enum EvaluationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(String)
    case malformed(file: String, reason: String)
    /// A baseline's model could not be fitted.
    case consensus(String)

    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .malformed(let file, let reason): "\(file): \(reason)"
        case .consensus(let reason): reason
        }
    }
}

/// JSON Lines reading.
enum Lines {
    static func read(_ path: String) throws(EvaluationError) -> [JSONValue] {
        guard let bytes = FileBytes.read(path) else { throw .unreadable(path) }
        var values: [JSONValue] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
            number += 1
            if end > start {
                do {
                    values.append(try JSONParser.parse(Array(bytes[start..<end])))
                } catch {
                    throw .malformed(file: path, reason: "line \(number): \(error)")
                }
            }
            start = end + 1
        }
        return values
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads without Foundation.
enum FileBytes {
    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        return bytes
    }
}
