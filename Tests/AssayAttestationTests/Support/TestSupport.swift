import Foundation

/// A small output folder like a cleaning run's: top-level files, a subfolder, an empty file, binary bytes.
func makeOutputDirectory(in dir: URL) throws -> URL {
    let out = dir.appendingPathComponent("out", isDirectory: true)
    let fm = FileManager.default
    try fm.createDirectory(at: out.appendingPathComponent("plugins"), withIntermediateDirectories: true)
    try Data("{\"prompt\":\"p\",\"chosen\":\"a\",\"rejected\":\"b\"}\n".utf8).write(to: out.appendingPathComponent("dataset.jsonl"))
    try Data("{\"annotator_id\":\"u1\"}\n".utf8).write(to: out.appendingPathComponent("annotators.jsonl"))
    try Data().write(to: out.appendingPathComponent("exclusions.jsonl"))
    try Data("# Report\n".utf8).write(to: out.appendingPathComponent("report.md"))
    try Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }).write(to: out.appendingPathComponent("plugins/blob.bin"))
    return out
}

/// The names `makeOutputDirectory` creates, sorted as subjects are.
let outputFileNames = ["annotators.jsonl", "dataset.jsonl", "exclusions.jsonl", "plugins/blob.bin", "report.md"]
