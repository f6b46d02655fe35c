import ArgumentParser
import AssayIngest

/// `assay import llmfao`: converts public datasets into contract-v1 JSON Lines.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Convert public crowd data into contract-v1 JSON Lines.", subcommands: [LLMFAO.self])

    struct LLMFAO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "llmfao",
            abstract: "Convert LLMFAO crowd comparisons (dustalov/llmfao, CC BY 4.0) into pairwise ratings.")

        @Option(help: ArgumentHelp("Folder with crowd-comparisons.csv and pairs-crowd.jsonl.", valueName: "DIR"))
        var dir: String = "Fixtures/llmfao"

        @Option(help: ArgumentHelp("Output JSON Lines file (- for stdout).", valueName: "FILE"))
        var out: String

        func run() throws {
            let file = try OutputFile(path: out)
            let count = try LLMFAOImporter.convert(
                comparisons: dir + "/crowd-comparisons.csv", pairs: dir + "/pairs-crowd.jsonl", emit: file.write)
            file.close()
            if out != "-" { print("wrote \(Console.count(count)) ratings to \(out)") }
        }
    }
}
