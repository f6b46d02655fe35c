import AssayPlugins
import AssayStore
import Foundation

/// The outcome of a cleaning run, for the one-screen summary.
public struct CleaningResult: Sendable {
    public let runID: String
    public let outputDirectory: URL
    public let snapshot: SnapshotInfo
    public let ratings: Int
    public let datasetRows: Int
    public let scoreRows: Int
    public let excludedRatings: Int
    public let uncertainItems: Int
    public let annotatorsByStatus: [String: Int]
    public let rulesRun: Int
    public let rulesFailed: [String]
    public let files: [String]
    public let keyID: String
    public let seconds: Double
}
