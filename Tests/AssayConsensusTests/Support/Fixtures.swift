import AssayIngest
import Foundation

@testable import AssayConsensus

/// Locates `Fixtures/reference` by walking up from this file (after resolving symlinks).
enum Fixtures {
    static let root: URL = {
        var dir = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while dir.path != "/" {
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Fixtures/reference").path) {
                return dir.appendingPathComponent("Fixtures/reference")
            }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("Fixtures/reference not found above \(#filePath)")
    }()

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// A categorical data set with gold, in class-index space.
    struct Labeled {
        var data: CategoricalLabels
        /// Gold class per item, -1 where the gold label was never given by any annotator.
        var gold: [Int32]
        var classNames: [String]
        var itemNames: [String]

        func accuracy(_ labels: [Int32]) -> Double {
            var hit = 0
            var n = 0
            for (i, g) in gold.enumerated() where g != -2 {
                n += 1
                if labels[i] == g { hit += 1 }
            }
            return Double(hit) / Double(n)
        }
    }

    /// Reads a long-layout file and a truth table keyed by item name.
    static func labeled(
        answers: String, delimiter: UInt8 = UInt8(ascii: ","), item: String, worker: String, label: String,
        truth: (String) throws -> [String: String]
    ) throws -> Labeled {
        let cols = try DelimitedTable.parse(bytes(answers), delimiter: delimiter, required: [worker, item, label])
        let data = try CategoricalLabels(
            annotators: cols[0].codes, items: cols[1].codes, labels: cols[2].codes,
            annotatorCount: cols[0].names.count, itemCount: cols[1].names.count, classCount: cols[2].names.count)
        let truthMap = try truth(answers)
        let gold: [Int32] = cols[1].names.map { name in
            guard let t = truthMap[name] else { return -2 }
            return Int32(cols[2].names.firstIndex(of: t) ?? -1)
        }
        return Labeled(data: data, gold: gold, classNames: cols[2].names, itemNames: cols[1].names)
    }

    static func zheng(_ folder: String) throws -> Labeled {
        try labeled(answers: "zheng2017/\(folder)/answer.csv", item: "question", worker: "worker", label: "answer") { _ in
            let t = try DelimitedTable.parse(bytes("zheng2017/\(folder)/truth.csv"), required: ["question", "truth"])
            var m: [String: String] = [:]
            for r in t[0].codes.indices { m[t[0].names[Int(t[0].codes[r])]] = t[1].names[Int(t[1].codes[r])] }
            return m
        }
    }

    static func snow(_ name: String) throws -> Labeled {
        let path = "snow2008/\(name).standardized.tsv"
        let tab = UInt8(ascii: "\t")
        return try labeled(answers: path, delimiter: tab, item: "orig_id", worker: "!amt_worker_ids", label: "response") { p in
            let t = try DelimitedTable.parse(bytes(p), delimiter: tab, required: ["orig_id", "gold"])
            var m: [String: String] = [:]
            for r in t[0].codes.indices { m[t[0].names[Int(t[0].codes[r])]] = t[1].names[Int(t[1].codes[r])] }
            return m
        }
    }

    static func dataset(_ name: String) throws -> Labeled {
        switch name {
        case "Duck": return try zheng("duck")
        case "Dog": return try zheng("dog")
        default: return try snow(name.lowercased())
        }
    }
}
