import ArgumentParser
import AssayStore

/// `assay audit verify|log`: the tamper-evident audit log.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check or show the tamper-evident audit log.",
        subcommands: [Verify.self, Log.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-compute the hash chain and cross-check every batch and its ratings.",
            discussion: "Exit 0 when intact; 1 naming the first entry that does not verify.")

        @OptionGroup var store: StoreOptions

        @Option(help: "A head hash recorded earlier (e.g. in an attestation); the log must still contain it.")
        var expectHead: String?

        func run() throws {
            let store = try store.open()
            let result = try store.verifyAudit()
            if let problem = result.firstProblem {
                Console.error("audit log BROKEN: \(problem)")
                throw ExitCode(1)
            }
            if let expectHead {
                let entries = try store.auditEntries(after: 0, limit: Int.max)
                guard entries.contains(where: { $0.hash == expectHead }) else {
                    Console.error("audit log BROKEN: head \(expectHead) recorded earlier is not in the log (entries were removed)")
                    throw ExitCode(1)
                }
            }
            print("audit log OK: \(result.entries) entries, head \(result.headHash)")
        }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print audit entries.")

        @OptionGroup var store: StoreOptions

        @Option(help: "Show entries after this sequence number.")
        var after: Int64 = 0

        @Option(help: "At most this many entries.")
        var limit: Int = 50

        func run() throws {
            for entry in try store.open().auditEntries(after: after, limit: limit) {
                print("#\(entry.sequence) \(entry.at) \(entry.actor) \(entry.action) \(entry.subject) \(entry.details) \(entry.hash.prefix(16))…")
            }
        }
    }
}
