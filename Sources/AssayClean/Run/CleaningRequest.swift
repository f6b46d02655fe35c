import AssayCrypto
import AssayStore
import Foundation

/// Everything a cleaning run needs.
public struct CleaningRequest: @unchecked Sendable {
    /// The store to read the snapshot from (and to record the run in).
    public var store: any AssayStore
    /// An existing snapshot to clean; `nil` creates one of everything stored now.
    public var snapshotName: String?
    /// The output directory (must not exist, or be empty, unless `replaceOutput`).
    public var outputDirectory: URL
    public var replaceOutput = false
    /// The Ed25519 key that signs the attestation.
    public var signingKey: Ed25519PrivateKey
    /// The config file (rules, plugins, policy), if any.
    public var configFile: URL?
    /// More plugin directories (`--plugins`).
    public var pluginDirectories: [URL] = []
    /// Who runs it (audit log, run history).
    public var actor: String
    /// The command line, recorded in the attestation.
    public var commandLine: [String] = CommandLine.arguments
    /// What the run read, for the report (`--db PATH` or the input files).
    public var inputDescription: String
    /// Refuse to run when no rule plugin is found (a run without detection must be asked for).
    public var requireRules = true

    public init(
        store: any AssayStore, snapshotName: String? = nil, outputDirectory: URL, signingKey: Ed25519PrivateKey, configFile: URL? = nil,
        pluginDirectories: [URL] = [], actor: String, inputDescription: String
    ) {
        self.store = store
        self.snapshotName = snapshotName
        self.outputDirectory = outputDirectory
        self.signingKey = signingKey
        self.configFile = configFile
        self.pluginDirectories = pluginDirectories
        self.actor = actor
        self.inputDescription = inputDescription
    }
}

/// A progress event of a long run: the phase, a count, and the time so far.
public struct CleaningProgress: Sendable {
    public enum Phase: String, Sendable, CaseIterable {
        case snapshot, consensus, rules, decisions, outputs, attestation
    }

    public let phase: Phase
    public let message: String
    public let elapsedSeconds: Double
}
