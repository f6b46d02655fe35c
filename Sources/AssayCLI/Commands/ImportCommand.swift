import ArgumentParser
import AssayIngest

/// `assay import llmfao` and `assay import crowd`: convert public datasets into contract-v1 JSON Lines, and their known
/// answers into reference files for `assay evaluate --reference` (Docs/evaluation.md); `assay import label-studio`:
/// convert a Label Studio JSON export (Docs/label-studio.md).
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Convert public crowd data and annotation-platform exports into contract-v1 JSON Lines.",
        subcommands: [LLMFAO.self, Crowd.self, LabelStudio.self])

    struct LLMFAO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "llmfao",
            abstract: "Convert LLMFAO crowd comparisons (dustalov/llmfao, CC BY 4.0) into pairwise ratings.",
            discussion: """
                With --reference-out, also writes GPT-4's verdict per pair (gpt4-crowd-comparisons.csv, or --gpt4) as \
                reference answers with the same item and response ids.
                """)

        @Option(help: ArgumentHelp("Folder with crowd-comparisons.csv and pairs-crowd.jsonl.", valueName: "DIR"))
        var dir: String = "Fixtures/llmfao"

        @Option(help: ArgumentHelp("Output JSON Lines file (- for stdout).", valueName: "FILE"))
        var out: String

        @Option(name: .customLong("reference-out"), help: ArgumentHelp("Write GPT-4's verdicts as reference answers here.", valueName: "FILE"))
        var referenceOut: String?

        @Option(help: ArgumentHelp("GPT-4's verdicts (default DIR/gpt4-crowd-comparisons.csv).", valueName: "FILE"))
        var gpt4: String?

        func validate() throws {
            if let referenceOut, referenceOut == out, out != "-" { throw ValidationError("--reference-out must differ from --out") }
            if referenceOut == "-", out == "-" { throw ValidationError("only one of --out and --reference-out can be standard output") }
        }

        func run() throws {
            let file = try OutputFile(path: out)
            let count = try LLMFAOImporter.convert(
                comparisons: dir + "/crowd-comparisons.csv", pairs: dir + "/pairs-crowd.jsonl", emit: file.write)
            file.close()
            if out != "-" { print("wrote \(Console.count(count)) ratings to \(out)") }
            if let referenceOut {
                let reference = try OutputFile(path: referenceOut)
                let verdicts = try LLMFAOImporter.convertReference(verdicts: gpt4 ?? dir + "/gpt4-crowd-comparisons.csv", emit: reference.write)
                reference.close()
                if referenceOut != "-" { print("wrote \(Console.count(verdicts)) reference answers to \(referenceOut)") }
            }
        }
    }

    struct Crowd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crowd",
            abstract: "Convert binary categorical crowd labels with a known answer (zheng2017, snow2008) into pairwise ratings and a reference.",
            discussion: """
                Each question becomes a pairwise item whose two responses are the two labels; the worker's label is the \
                choice; submitted_at is synthetic (one second per row, meta.synthetic_time). Multi-class sets (Dog, WSD) \
                do not fit the pairwise contract and are refused. Layouts: zheng2017 (answer.csv question,worker,answer \
                and --truth truth.csv question,truth), snow2008 (standardized TSV with the gold label on every row). \
                See Docs/evaluation.md.
                """)

        @Option(help: ArgumentHelp("The layout: \(CrowdImporter.Format.allCases.map(\.rawValue).joined(separator: " or ")).", valueName: "NAME"))
        var format: String

        @Option(help: ArgumentHelp("The workers' labels (zheng2017 answer.csv, or a snow2008 .tsv).", valueName: "FILE"))
        var answers: String

        @Option(help: ArgumentHelp("zheng2017: truth.csv (question,truth).", valueName: "FILE"))
        var truth: String?

        @Option(help: ArgumentHelp("Prefix of rating, item and annotator ids (default: the format name).", valueName: "NAME"))
        var prefix: String?

        @Option(help: ArgumentHelp("Output JSON Lines file (- for stdout).", valueName: "FILE"))
        var out: String

        @Option(name: .customLong("reference-out"), help: ArgumentHelp("Write the known answers as reference answers here.", valueName: "FILE"))
        var referenceOut: String?

        func validate() throws {
            guard CrowdImporter.Format(rawValue: format) != nil else {
                throw ValidationError("--format must be \(CrowdImporter.Format.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            if let referenceOut, referenceOut == out, out != "-" { throw ValidationError("--reference-out must differ from --out") }
            if referenceOut == "-", out == "-" { throw ValidationError("only one of --out and --reference-out can be standard output") }
        }

        func run() throws {
            let layout = CrowdImporter.Format(rawValue: format)!
            let file = try OutputFile(path: out)
            let reference = try referenceOut.map { try OutputFile(path: $0) }
            let summary = try CrowdImporter.convert(
                format: layout, answers: answers, truth: truth, prefix: prefix ?? layout.rawValue, emit: file.write,
                emitReference: reference.map { output in { output.write($0) } })
            file.close()
            reference?.close()
            if out != "-" {
                print(
                    "wrote \(Console.count(summary.ratings)) ratings of \(Console.count(summary.items)) items by \(Console.count(summary.annotators)) annotators to \(out) (labels \(summary.labels.joined(separator: ", ")))"
                )
            }
            if let referenceOut, referenceOut != "-" { print("wrote \(Console.count(summary.referenceItems)) reference answers to \(referenceOut)") }
        }
    }
}
