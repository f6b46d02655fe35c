import ArgumentParser
import AssayIngest
import AssayModel
import Foundation

extension ImportCommand {
    /// `assay import label-studio EXPORT.json --out FILE`: a Label Studio JSON export as contract-v1 ratings.
    struct LabelStudio: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "label-studio",
            abstract: "Convert a Label Studio JSON export (pairwise, choices, ranker, rating templates) into ratings.",
            discussion: """
                One rating per submitted annotation; cancelled (skipped) and empty annotations are counted, not \
                imported; a task or annotation that does not map is rejected with its id and the reason (on stderr, \
                and as JSON Lines in --rejects). The labeling config is not read: the task data fields are given by \
                --prompt-field, --response-fields and --list-field. Exit status 3 when anything was rejected. See \
                Docs/label-studio.md.
                """)

        @Argument(help: ArgumentHelp("The export (Export → JSON in Label Studio; - for standard input).", valueName: "EXPORT.json"))
        var export: String

        @Option(help: ArgumentHelp("Output JSON Lines file (- for stdout).", valueName: "FILE"))
        var out: String

        @Option(name: .customLong("prompt-field"), help: ArgumentHelp("Task data field with the prompt.", valueName: "NAME"))
        var promptField = "prompt"

        @Option(
            name: .customLong("response-fields"),
            help: ArgumentHelp(
                "Task data fields with the responses, left first (default: the first of a,b text1,text2 answer1,answer2 response_a,response_b response1,response2 left,right present).",
                valueName: "A,B"))
        var responseFields: String?

        @Option(name: .customLong("list-field"), help: ArgumentHelp("Task data field with a Ranker's List items.", valueName: "NAME"))
        var listField = "items"

        @Option(help: ArgumentHelp("Choices values meaning the first response, the second, and a tie.", valueName: "FIRST,SECOND[,TIE]"))
        var choices = "A,B,Tie"

        @Option(name: .customLong("rating-scale"), help: ArgumentHelp("The Rating tag's scale.", valueName: "MIN,MAX"))
        var ratingScale = "1,5"

        @Option(help: ArgumentHelp("Project id for ids when the export has none.", valueName: "ID"))
        var project: String?

        @Option(help: ArgumentHelp("Prefix of rating, item and annotator ids.", valueName: "NAME"))
        var prefix = "ls"

        @Option(help: ArgumentHelp("Write every skipped and rejected annotation or task as JSON Lines here.", valueName: "FILE"))
        var rejects: String?

        @Flag(help: "Print no per-annotation rejections on stderr (the summary and --rejects still have them).")
        var quiet = false

        func validate() throws {
            _ = try options()
            if let rejects, rejects == out, out != "-" { throw ValidationError("--rejects must differ from --out") }
        }

        /// The importer's options from the command line.
        func options() throws -> LabelStudioOptions {
            let labels = choices.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard labels.count == 2 || labels.count == 3, labels.allSatisfy({ !$0.isEmpty }) else {
                throw ValidationError("--choices takes 2 or 3 comma-separated values (first, second, tie)")
            }
            let scale = ratingScale.split(separator: ",").compactMap { Double($0) }
            guard scale.count == 2, scale[0] < scale[1] else { throw ValidationError("--rating-scale takes MIN,MAX with MIN < MAX") }
            let fields = responseFields.map { $0.split(separator: ",").map(String.init) }
            if let fields, fields.isEmpty || Set(fields).count != fields.count {
                throw ValidationError("--response-fields takes one or more distinct comma-separated names")
            }
            guard !prefix.isEmpty else { throw ValidationError("--prefix must not be empty") }
            return LabelStudioOptions(
                prefix: prefix, promptField: promptField, responseFields: fields, listField: listField, choiceLabels: labels,
                ratingScale: scale, project: project)
        }

        func run() throws {
            let file = try OutputFile(path: out)
            let summary = try LabelStudioImporter.convert(export: export, options: try options(), emit: file.write)
            file.close()
            if !quiet { for note in summary.rejected { Console.error("\(export): \(note)") } }
            if let rejects {
                let notes = try OutputFile(path: rejects)
                for (outcome, list) in [("skipped", summary.skipped), ("rejected", summary.rejected)] {
                    for note in list {
                        var members: [(key: String, value: JSONValue)] = [("outcome", .string(outcome)), ("task", .string(note.task))]
                        if let annotation = note.annotation { members.append(("annotation", .string(annotation))) }
                        members.append(contentsOf: [
                            ("annotations", .number(Double(note.annotations))), ("reason", .string(note.category)),
                            ("detail", .string(note.detail)),
                        ])
                        notes.write(Array((JSONWriter.encode(.object(members)) + "\n").utf8))
                    }
                }
                notes.close()
            }
            let summaryLine = "\(export): \(summary.line)" + (out == "-" ? "" : " -> \(out)")
            if out == "-" { Console.error(summaryLine) } else { print(summaryLine) }
            if summary.rejectedCount > 0 || summary.rejected.contains(where: { $0.annotation == nil }) { throw ExitCode(3) }
        }
    }
}
