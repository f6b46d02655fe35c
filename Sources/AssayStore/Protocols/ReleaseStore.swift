/// Releases of a run's output under the two-person rule.
public protocol ReleaseStore: Sendable {
    /// Requests the release of a finished run's output; audited as `release.requested`.
    func requestRelease(runID: String, actor: String, note: String) throws -> Release

    /// Approves a pending release; refuses its requester (two-person rule). Audited as `release.approved`.
    func approveRelease(_ releaseID: String, actor: String, note: String) throws -> Release

    /// One release, or nil.
    func release(_ releaseID: String) throws -> Release?

    /// Every release, oldest first.
    func releases() throws -> [Release]
}
