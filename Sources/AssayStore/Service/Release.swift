import AssayModel

/// A request to release a run's output as a training dataset, and its approval.
///
/// Two-person rule: a release is approved only by someone other than its requester.
public struct Release: Sendable, Equatable {
    public let releaseID: String
    public let runID: String
    public let requestedBy: String
    public let requestedAt: Timestamp
    public let note: String
    public let approvedBy: String?
    public let approvedAt: Timestamp?
    public let approvalNote: String?

    /// `pending` until approved, then `released`.
    public var status: String { approvedBy == nil ? "pending" : "released" }

    /// Creates the value from its fields (for store backends).
    public init(
        releaseID: String, runID: String, requestedBy: String, requestedAt: Timestamp, note: String, approvedBy: String?, approvedAt: Timestamp?,
        approvalNote: String?
    ) {
        self.releaseID = releaseID
        self.runID = runID
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.note = note
        self.approvedBy = approvedBy
        self.approvedAt = approvedAt
        self.approvalNote = approvalNote
    }
}

/// Why a release step was refused.
public enum ReleaseError: Error, Sendable, Equatable, CustomStringConvertible {
    case runNotFound(String)
    case releaseNotFound(String)
    case alreadyApproved(String, by: String)
    case sameApprover(String)

    public var description: String {
        switch self {
        case .runNotFound(let run): return "no finished run \"\(run)\" in the store"
        case .releaseNotFound(let release): return "no release \"\(release)\""
        case .alreadyApproved(let release, let by): return "release \"\(release)\" was already approved by \(by)"
        case .sameApprover(let actor):
            return "two-person rule: \(actor) requested this release and cannot also approve it; another admin must approve"
        }
    }
}
