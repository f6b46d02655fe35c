import ArgumentParser
import AssayEvaluate
import AssayModel
import Foundation

/// `assay diff BEFORE AFTER`: what changed between two runs' (or two releases') outputs.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two cleaning runs or releases: flipped preferences, status changes, label shares.",
        discussion: """
            BEFORE is the trusted baseline (say the last approved release's folder), AFTER the run about to be \
            approved. Lists every pair of responses whose kept preference flipped, the pairs only one of them \
            kept, every annotator whose status changed (or who is new), and the shift in the share of each \
            chosen response id and of rows preferring the longer response. --json FILE writes all of it as one \
            JSON object. Exit status 0 either way.
            """)

    @Argument(help: ArgumentHelp("The baseline run's (or release's) output folder.", valueName: "before"))
    var before: String

    @Argument(help: ArgumentHelp("The newer run's output folder.", valueName: "after"))
    var after: String

    @Option(help: ArgumentHelp("Write the whole diff as JSON to this file.", valueName: "FILE"))
    var json: String?

    @Option(help: "How many flips and status changes to print (all are in --json).")
    var limit = 20

    func run() throws {
        let diff: RunDiff
        do {
            diff = try RunDiff(before: before, after: after)
        } catch {
            throw ValidationError(error.description)
        }
        if let json {
            var bytes: [UInt8] = []
            JSONWriter.append(diff.json, to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            try Data(bytes).write(to: URL(fileURLWithPath: json))
        }
        print(
            "pairs: \(Console.count(diff.pairsInBoth)) in both, \(Console.count(diff.pairsOnlyAfter)) new, "
                + "\(Console.count(diff.pairsOnlyBefore)) no longer kept")
        print("flipped preferences: \(Console.count(diff.flips.count))")
        for flip in diff.flips.prefix(limit) {
            print("  \(flip.pair.item) (\(flip.pair.first) vs \(flip.pair.second)): \(flip.before) → \(flip.after)")
        }
        if diff.flips.count > limit { print("  … and \(Console.count(diff.flips.count - limit)) more") }
        print("annotator status changes: \(Console.count(diff.statusChanges.count))")
        for change in diff.statusChanges.prefix(limit) {
            print("  \(change.annotator): \(change.before ?? "(new)") → \(change.after ?? "(gone)")")
        }
        if diff.statusChanges.count > limit { print("  … and \(Console.count(diff.statusChanges.count - limit)) more") }
        print("label shares (before → after):")
        for share in diff.shares {
            print(String(format: "  %@: %.4f → %.4f (%+.4f)", share.label, share.before, share.after, share.shift))
        }
    }
}
