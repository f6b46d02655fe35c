import ArgumentParser
import AssayEvaluate
import AssayModel
import AssaySimulator
import Foundation

/// `assay evaluate`: scores a cleaning run's output against a simulation's truth file.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a cleaning run against a simulation truth file: per attack kind, adversaries caught, poison removed, accuracy.",
        discussion: """
            Reads annotators.jsonl, exclusions.jsonl and dataset.jsonl from --run and the truth written by \
            `assay simulate --truth`. With --ratings (the simulated ratings file) it also scores plain majority \
            vote over the raw ratings and counts every honest annotator. Docs/detection.md explains the columns.
            """)

    @Option(name: .customLong("run"), help: ArgumentHelp("Output directory of the cleaning run.", valueName: "DIR"))
    var runDirectory: String

    @Option(help: ArgumentHelp("Truth file from assay simulate --truth.", valueName: "FILE"))
    var truth: String

    @Option(help: ArgumentHelp("The raw simulated ratings (JSON Lines), for majority vote.", valueName: "FILE"))
    var ratings: String?

    @Option(
        name: .customLong("ceiling-run"),
        help: ArgumentHelp(
            "Output directory of the same cleaning run on the honest ratings only (assay simulate --honest-out): the honest-only ceiling.",
            valueName: "DIR"))
    var ceilingRun: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let output = try RunOutput(directory: runDirectory)
        let truthValue = try JSONParser.parse(try readText(truth))
        let truthRecord = try SimulationTruth(json: truthValue)
        var raw: [JSONValue]?
        if let ratings {
            raw = try readText(ratings).split(separator: "\n").map { try JSONParser.parse(String($0)) }
        }
        let ceiling = try ceilingRun.map { try RunOutput(directory: $0) }
        let evaluation = Evaluation(run: output, truth: truthRecord, ratings: raw, ceiling: ceiling)
        if json {
            print(JSONWriter.encode(evaluation.json()))
        } else {
            print(evaluation.table(), terminator: "")
        }
    }

    private func readText(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path)") }
        return text
    }
}
