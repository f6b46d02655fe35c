import Foundation

extension ReportModel {
    /// How a cleaning run was made.
    public struct Run: Sendable, Hashable {
        /// The run's id (also in the audit log).
        public var id: String
        /// When the run started.
        public var startedAt: Date
        /// When the run finished.
        public var finishedAt: Date
        /// The Assay version that made the run.
        public var assayVersion: String
        /// The command line, one argument per element (shown shell-quoted).
        public var commandLine: [String]
        /// Where the ratings came from.
        public var input: Input
        /// The snapshot the run read.
        public var snapshot: Snapshot
        /// The consensus weighting method, e.g. `"dawid-skene"`.
        public var weightingMethod: String
        /// The config file's path, when one was given.
        public var configPath: String?
        /// The config file's sha256 (lowercase hex), when one was given.
        public var configDigest: String?
        /// The output folder as given on the command line (used in the verify commands).
        public var outputDirectory: String

        /// Creates the run information.
        public init(
            id: String, startedAt: Date, finishedAt: Date, assayVersion: String, commandLine: [String], input: Input,
            snapshot: Snapshot, weightingMethod: String, configPath: String? = nil, configDigest: String? = nil,
            outputDirectory: String
        ) {
            self.id = id
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.assayVersion = assayVersion
            self.commandLine = commandLine
            self.input = input
            self.snapshot = snapshot
            self.weightingMethod = weightingMethod
            self.configPath = configPath
            self.configDigest = configDigest
            self.outputDirectory = outputDirectory
        }
    }

    /// Where a run's ratings came from.
    public enum Input: Sendable, Hashable {
        /// A store (`--db PATH`).
        case store(path: String)
        /// Input files read into an embedded store for this run (`--input FILE…`).
        case files([String])
    }

    /// The snapshot a run read: a named, consistent view of the stored ratings.
    public struct Snapshot: Sendable, Hashable {
        /// The snapshot's name.
        public var name: String
        /// Every rating with sequence ≤ this is in the snapshot.
        public var watermark: Int64
        /// The snapshot's content digest (sha256, lowercase hex).
        public var digest: String

        /// Creates a snapshot description.
        public init(name: String, watermark: Int64, digest: String) {
            self.name = name
            self.watermark = watermark
            self.digest = digest
        }
    }
}
