import ArgumentParser
import AssayModel
import AssayStore

/// `assay review list|decide`: the trust-and-safety review queue from the command line.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Work the review queue: flagged annotators and reviewer decisions.",
        subcommands: [List.self, Decide.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Annotators of the newest run with a status (default: flagged), with the evidence.")

        @OptionGroup var store: StoreOptions

        @Option(help: "The status to list.")
        var status = AnnotatorStatus.flagged

        func run() throws {
            let standings = try ReviewDesk(store: store.open()).queue(status: status.rawValue)
            guard let first = standings.first else {
                print("no \(status) annotators in the newest run")
                return
            }
            print("run \(first.runID): \(standings.count) \(status) annotator(s)")
            for standing in standings {
                let outcome = standing.outcome
                var line =
                    "\n\(outcome.annotatorID)  weight \(String(format: "%.2f", outcome.weight))  gold \(outcome.goldCorrect)/\(outcome.goldTotal)"
                if let decision = standing.decision { line += "  decided: \(decision.verdict.rawValue) by \(decision.actor)" }
                print(line)
                if case .array(let findings) = (try? JSONParser.parse(outcome.findings)) ?? .array([]) {
                    for finding in findings {
                        print("  - \(finding["rule"]?.stringValue ?? "?"): \(finding["summary"]?.stringValue ?? "")")
                    }
                }
            }
        }
    }

    struct Decide: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a decision on an annotator: --confirm (exclude) or --clear (not excluded on this evidence).",
            discussion: "Decisions are append-only and audited; the newest one counts in later runs.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The annotator id.")
        var annotator: String

        @Flag(help: "The annotator is adversarial: exclude all their ratings.")
        var confirm = false

        @Flag(help: "The annotator is fine: not excluded or flagged on the same evidence; their weight still decides trusted or downweighted.")
        var clear = false

        @Option(help: "Why (required).")
        var note: String

        @Option(name: .customLong("as"), help: "The reviewer recorded as actor (default: the OS user).")
        var reviewer: String?

        func validate() throws {
            guard confirm != clear else { throw ValidationError("give exactly one of --confirm or --clear") }
            guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ValidationError("--note must not be empty") }
        }

        func run() throws {
            // The same implementation as POST /v1/annotators/{id}/decision.
            let entry = try ReviewDesk(store: store.open()).decide(
                annotatorID: annotator, verdict: confirm ? .confirm : .clear, note: note, actor: reviewer ?? Console.osUser)
            let effect = confirm ? "confirm (excluded)" : "clear (trusted, or downweighted if their weight is low)"
            print("recorded: \(annotator) \(effect) by \(entry.actor), audit entry #\(entry.sequence)")
        }
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

extension Set where Element == Character {
    fileprivate static let whitespaces: Set<Character> = [" ", "\t", "\n"]
}
