/// API tokens, stored as the SHA-256 of their secret only; revocation is a row of its own.
public protocol TokenStore: Sendable {
    /// Creates a token and returns its secret (shown once); audited as `token.created`.
    /// - Parameters:
    ///   - name: the token's name: the actor of everything done with it. Unique among active tokens.
    ///   - actor: who created it (the OS user for the CLI).
    func createToken(name: String, role: TokenRole, actor: String) throws -> (secret: String, token: APIToken)

    /// Every token ever created, oldest first, with its revocation if any.
    func tokens() throws -> [APIToken]

    /// Revokes the active token with this id or name; audited as `token.revoked`.
    @discardableResult
    func revokeToken(_ idOrName: String, actor: String) throws -> APIToken

    /// A number that changes whenever a token is created or revoked (for caches).
    func tokenGeneration() throws -> Int
}
