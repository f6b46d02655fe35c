import AssayStore
import Foundation

/// What `POST /v1/runs` asks for.
public struct RunStartRequest: Sendable {
    /// The snapshot to clean (`nil`: a new snapshot of everything stored).
    public let snapshot: String?
    /// Where the outputs go (a fresh folder under the server's runs directory).
    public let outputDirectory: URL
    /// The admin token's name: the run's actor.
    public let actor: String

    public init(snapshot: String?, outputDirectory: URL, actor: String) {
        self.snapshot = snapshot
        self.outputDirectory = outputDirectory
        self.actor = actor
    }
}

/// Starts a cleaning run: the seam between the service and `AssayClean`.
///
/// `assay serve` wires this to `CleaningRun.run` (which writes the outputs and records the run
/// in the store); tests use a stand-in. The call blocks its (background) thread until the run
/// is done and returns the id of the recorded run.
public protocol RunLauncher: Sendable {
    /// Runs the cleaning run, reporting progress as short human-readable steps.
    func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String
}
