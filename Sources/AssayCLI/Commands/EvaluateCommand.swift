import ArgumentParser
import AssayEvaluate
import AssayModel
import AssaySimulator
import Foundation

/// `assay evaluate`: scores a cleaning run's output against a simulation's truth file, or against an independent
/// reference answer per item (Docs/evaluation.md), or both.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a cleaning run against a simulation truth file (--truth) or a reference answer per item (--reference).",
        discussion: """
            --truth: reads annotators.jsonl, exclusions.jsonl and dataset.jsonl from --run and the truth written by \
            `assay simulate --truth`; per attack kind, adversaries caught, poison removed, accuracy \
            (Docs/detection.md). With --ratings it also scores plain majority vote and counts every honest annotator.

            --reference: a reference answer per item (JSON Lines {"item_id", "answer": response id or "tie"}, or CSV \
            item_id,answer): the dataset's correct and wrong pairs, precision and coverage, also at margin \
            thresholds; with --ratings (the raw ratings the run cleaned) the same for plain majority vote and \
            Dawid–Skene, and each status's mean agreement with the reference (Docs/evaluation.md).

            Give either or both; with both, --json prints {"truth": …, "reference": …}.
            """)

    @Option(name: .customLong("run"), help: ArgumentHelp("Output directory of the cleaning run.", valueName: "DIR"))
    var runDirectory: String

    @Option(help: ArgumentHelp("Truth file from assay simulate --truth.", valueName: "FILE"))
    var truth: String?

    @Option(help: ArgumentHelp("Reference answers: JSON Lines {item_id, answer} or CSV item_id,answer.", valueName: "FILE"))
    var reference: String?

    @Option(help: ArgumentHelp("The raw ratings the run cleaned (contract-v1 JSON Lines): majority vote, Dawid–Skene, agreement.", valueName: "FILE"))
    var ratings: String?

    @Option(
        name: .customLong("ceiling-run"),
        help: ArgumentHelp(
            "With --truth: output directory of the same cleaning run on the honest ratings only (assay simulate --honest-out).",
            valueName: "DIR"))
    var ceilingRun: String?

    @Option(help: ArgumentHelp("With --reference: margin thresholds, comma-separated.", valueName: "LIST"))
    var margins: String = "0,0.1,0.2,0.3,0.5"

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        if truth == nil, reference == nil { throw ValidationError("give --truth FILE, --reference FILE, or both") }
        if ceilingRun != nil, truth == nil { throw ValidationError("--ceiling-run needs --truth") }
        _ = try thresholds()
    }

    private func thresholds() throws -> [Double] {
        try margins.split(separator: ",").map { part in
            guard let value = Double(part.trimmingCharacters(in: .whitespaces)), value >= 0, value.isFinite else {
                throw ValidationError("--margins: '\(part)' is not a number ≥ 0")
            }
            return value
        }
    }

    func run() throws {
        var simulation: Evaluation?
        if let truth {
            let output = try RunOutput(directory: runDirectory)
            let truthRecord = try SimulationTruth(json: try JSONParser.parse(try readText(truth)))
            var raw: [JSONValue]?
            if let ratings {
                raw = try readText(ratings).split(separator: "\n").map { try JSONParser.parse(String($0)) }
            }
            let ceiling = try ceilingRun.map { try RunOutput(directory: $0) }
            simulation = Evaluation(run: output, truth: truthRecord, ratings: raw, ceiling: ceiling)
        }
        let referenced = try reference.map { path in
            try ReferenceEvaluation(runDirectory: runDirectory, referencePath: path, ratingsPath: ratings, thresholds: try thresholds())
        }
        if json {
            switch (simulation, referenced) {
            case (let simulation?, let referenced?):
                print(JSONWriter.encode(.object([("truth", simulation.json()), ("reference", referenced.json())])))
            case (let simulation?, nil): print(JSONWriter.encode(simulation.json()))
            case (nil, let referenced?): print(JSONWriter.encode(referenced.json()))
            case (nil, nil): break
            }
        } else {
            if let simulation { print(simulation.table(), terminator: "") }
            if simulation != nil, referenced != nil { print("") }
            if let referenced { print(referenced.table(), terminator: "") }
        }
    }

    private func readText(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path)") }
        return text
    }
}
