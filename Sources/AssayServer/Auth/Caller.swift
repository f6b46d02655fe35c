import AssayStore

/// The authenticated caller of a request: an API token's name and role.
public struct Caller: Sendable, Equatable {
    /// The token's name: the actor recorded in provenance and the audit log.
    public let name: String
    public let role: TokenRole
    public let tokenID: String
}
