import ArgumentParser
import AssayIngest
import AssayModel
import AssayStore
import Foundation

/// `assay ingest FILE…`: validated, idempotent ingest with provenance.
struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest rating files (JSON Lines or pairwise CSV) into the store.",
        discussion: """
            Every file becomes one atomic batch (or several with --batch-size) recorded with its \
            source, submitter, time and sha256. Re-sending a rating is a no-op; a known rating_id \
            with other content is a conflict and is not applied. Bad records are reported with \
            line, rating_id, field and reason; the rest of the file is still taken unless \
            --all-or-nothing. Exit status 3 when any record was rejected or conflicted.
            """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Files to ingest; - reads standard input (e.g. zcat ratings.jsonl.gz | assay ingest -).", valueName: "FILE"))
    var files: [String]

    @Option(help: "Source name recorded in provenance (default: the file name).")
    var source: String?

    @Option(help: "Submitter identity recorded in provenance (default: the OS user).")
    var submitter: String?

    @Option(
        help:
            "Input format: jsonl, csv, or label-studio (a Label Studio JSON export, default field names; Docs/label-studio.md) (default: from the file extension; .csv is csv, anything else jsonl)."
    )
    var format: IngestFormat?

    @Option(help: ArgumentHelp("Write every rejected or conflicting record as JSON Lines to this file.", valueName: "FILE"))
    var rejects: String?

    @Flag(help: "Store nothing from a file if any of its records is rejected or conflicts.")
    var allOrNothing = false

    @Option(help: "Commit every N records as its own batch (default: one batch per file).")
    var batchSize: Int?

    @Flag(help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(help: "Print no per-record problems (the summary and --rejects still have them).")
    var quiet = false

    func validate() throws {
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if files.filter({ $0 == ByteStream.standardInputPath }).count > 1 {
            throw ValidationError("standard input (-) can be read once")
        }
    }

    func run() throws {
        let store = try store.open()
        let ingestor = Ingestor(store: store)
        var rejectsFile: FileHandle?
        if let rejects {
            FileManager.default.createFile(atPath: rejects, contents: nil)
            rejectsFile = FileHandle(forWritingAtPath: rejects)
            guard rejectsFile != nil else { throw IngestError.cannotRead(path: rejects, reason: "cannot create the rejects file") }
        }
        defer { try? rejectsFile?.close() }
        let showProgress = progress || Console.stderrIsTerminal
        var total = IngestCounts()
        var failedFiles = 0
        var refusedAnnotations = 0
        let clock = Stopwatch()
        for file in files {
            let fileClock = Stopwatch()
            let origin = file == ByteStream.standardInputPath ? "stdin" : file
            let options = IngestOptions(
                source: source ?? (file == ByteStream.standardInputPath ? "stdin" : URL(fileURLWithPath: file).lastPathComponent),
                submitter: submitter ?? Console.osUser,
                allOrNothing: allOrNothing, recordsPerBatch: batchSize)
            let onProblem: (RatingError) -> Void = { error in
                if !quiet { Console.error("\(file): \(error)") }
                if let rejectsFile { rejectsFile.write(Data((Self.rejectJSON(error, file: file) + "\n").utf8)) }
            }
            let onProgress: (IngestCounts) -> Void = { counts in
                guard showProgress else { return }
                let rate = Double(counts.total) / max(fileClock.seconds, 1e-9)
                Console.progress("\(file): \(Console.count(counts.total)) records, \(Console.count(Int(rate)))/s")
            }
            do {
                let result = try ingestor.ingest(
                    file: file, format: format, options: options, onProblem: onProblem, onProgress: onProgress,
                    onImport: { summary in
                        if !quiet { for note in summary.rejected { Console.error("\(file): \(note)") } }
                        print("\(file): label studio export: \(summary.line)")
                        refusedAnnotations += summary.rejected.count
                    })
                if showProgress { Console.endProgress() }
                total = total + result.counts
                let batches = result.batches.map(\.batchID).joined(separator: ", ")
                print("\(file): \(result.counts.summary) in \(String(format: "%.2f", fileClock.seconds)) s (batch \(batches))")
            } catch let error as StoreError {
                if showProgress { Console.endProgress() }
                failedFiles += 1
                Console.error("\(file): \(error)")
            } catch let error as IngestError {
                failedFiles += 1
                Console.error("\(error)")
            } catch let error as LLMFAOImporter.Failure {
                failedFiles += 1
                Console.error("\(error)")
            }
        }
        let seconds = clock.seconds
        let rate = Double(total.total) / max(seconds, 1e-9)
        print(
            "total: \(total.summary) (\(Console.count(total.total)) records in \(String(format: "%.2f", seconds)) s, \(Console.count(Int(rate)))/s)")
        if failedFiles > 0 { throw ExitCode(1) }
        if total.conflicts + total.rejected + refusedAnnotations > 0 { throw ExitCode(3) }
    }

    /// One line of the `--rejects` file.
    static func rejectJSON(_ error: RatingError, file: String) -> String {
        var members: [(key: String, value: JSONValue)] = [("file", .string(file)), ("outcome", .string(error.kind.rawValue))]
        if let line = error.line { members.append(("line", .number(Double(line)))) }
        if let id = error.ratingID { members.append(("rating_id", .string(id))) }
        if let field = error.field { members.append(("field", .string(field))) }
        members.append(("reason", .string(error.reason)))
        members.append(("message", .string(error.description)))
        return CanonicalJSON.encode(.object(members))
    }
}
