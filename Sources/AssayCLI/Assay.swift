import ArgumentParser
import AssayModel

/// The `assay` command: guards the human feedback used to train reward models.
@main
struct Assay: AsyncParsableCommand {
    static let version = AssayVersion.current

    static let configuration = CommandConfiguration(
        commandName: "assay",
        abstract: "Collect, weigh and clean human ratings for reward-model training.",
        discussion: """
            Ratings follow the rating contract v1 (Docs/ingest.md). The store is one SQLite file \
            (default .assay/assay.sqlite). Exit status: 0 success, 1 error, 3 some records were \
            rejected or conflicted (ingest), 64 usage error.
            """,
        version: version,
        subcommands: [
            DemoCommand.self,
            IngestCommand.self,
            CleanCommand.self,
            ReviewCommand.self,
            AggregateCommand.self,
            DiffCommand.self,
            StatsCommand.self,
            SnapshotCommand.self,
            AuditCommand.self,
            ImportCommand.self,
            SimulateCommand.self,
            EvaluateCommand.self,
            BenchCommand.self,
            ServeCommand.self,
            TokenCommand.self,
            PluginsCommand.self,
            KeygenCommand.self,
            VerifyCommand.self,
        ]
    )
}
