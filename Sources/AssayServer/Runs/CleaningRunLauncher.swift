import AssayClean
import AssayCrypto
import AssayStore
import Foundation

/// Runs `POST /v1/runs` jobs with the same cleaning run as `assay clean` (`CleaningRun.run`), which writes the
/// outputs, signs them and records the run in the store.
public struct CleaningRunLauncher: RunLauncher, @unchecked Sendable {
    let store: any AssayStore
    let signingKey: Ed25519PrivateKey
    let configFile: URL?
    let pluginDirectories: [URL]

    /// A launcher on `store`, signing with `signingKey`, with an optional cleaning configuration and more plugin folders.
    public init(store: any AssayStore, signingKey: Ed25519PrivateKey, configFile: URL? = nil, pluginDirectories: [URL] = []) {
        self.store = store
        self.signingKey = signingKey
        self.configFile = configFile
        self.pluginDirectories = pluginDirectories
    }

    public func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String {
        let cleaning = CleaningRequest(
            store: store, snapshotName: request.snapshot, outputDirectory: request.outputDirectory, signingKey: signingKey,
            configFile: configFile, pluginDirectories: pluginDirectories, actor: request.actor, inputDescription: "store \(store.location)")
        let result = try CleaningRun.run(cleaning) { event in progress("\(event.phase.rawValue): \(event.message)") }
        return result.runID
    }
}
