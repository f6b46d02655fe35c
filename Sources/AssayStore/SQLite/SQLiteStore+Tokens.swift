import AssayModel
import GRDB

extension SQLiteStore {
    /// Creates a token and returns its secret, which is stored only as its SHA-256; audited as
    /// `token.created` (the audit entry names the token, never its secret).
    /// - Parameters:
    ///   - name: the token's name: the actor of everything done with it. Unique among active tokens.
    ///   - actor: who created it (the OS user for the CLI).
    public func createToken(name: String, role: TokenRole, actor: String) throws -> (secret: String, token: APIToken) {
        let secret = TokenSecret.generate()
        let token = APIToken(
            tokenID: TokenSecret.makeID(), name: name, role: role, secretSHA256: TokenSecret.hash(secret), createdAt: .now,
            createdBy: actor, revokedAt: nil)
        try pool.write { db in
            let clash =
                try Bool.fetchOne(
                    db,
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM api_tokens t WHERE t.name = ?
                                       AND NOT EXISTS (SELECT 1 FROM api_token_revocations r WHERE r.token_id = t.token_id))
                        """,
                    arguments: [name]) ?? false
            if clash { throw StoreError.alreadyExists(what: "active token", name: name) }
            try db.execute(
                sql: "INSERT INTO api_tokens (token_id, name, role, sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [token.tokenID, name, role.rawValue, token.secretSHA256, token.createdAt.description, actor])
            try Self.appendAudit(
                db,
                AuditEvent.token("token.created", tokenID: token.tokenID, name: name, role: role, actor: actor, at: token.createdAt))
        }
        return (secret, token)
    }

    /// Every token ever created, oldest first, with its revocation if any.
    public func tokens() throws -> [APIToken] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.*, r.revoked_at FROM api_tokens t
                    LEFT JOIN api_token_revocations r ON r.token_id = t.token_id ORDER BY t.seq
                    """
            ).map { row in
                APIToken(
                    tokenID: row["token_id"], name: row["name"], role: TokenRole(rawValue: row["role"]) ?? .ingest,
                    secretSHA256: row["sha256"], createdAt: Timestamp(rfc3339: row["created_at"]) ?? Timestamp(millisecondsSinceEpoch: 0),
                    createdBy: row["created_by"], revokedAt: (row["revoked_at"] as String?).flatMap { Timestamp(rfc3339: $0) })
            }
        }
    }

    /// Revokes the active token with this id or name; audited as `token.revoked`.
    @discardableResult
    public func revokeToken(_ idOrName: String, actor: String) throws -> APIToken {
        let now = Timestamp.now
        return try pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT t.* FROM api_tokens t WHERE (t.token_id = ? OR t.name = ?)
                        AND NOT EXISTS (SELECT 1 FROM api_token_revocations r WHERE r.token_id = t.token_id)
                        ORDER BY t.seq DESC LIMIT 1
                        """,
                    arguments: [idOrName, idOrName])
            else { throw StoreError.notFound(what: "active token", name: idOrName) }
            let token = APIToken(
                tokenID: row["token_id"], name: row["name"], role: TokenRole(rawValue: row["role"]) ?? .ingest,
                secretSHA256: row["sha256"], createdAt: Timestamp(rfc3339: row["created_at"]) ?? now, createdBy: row["created_by"],
                revokedAt: now)
            try db.execute(
                sql: "INSERT INTO api_token_revocations (token_id, revoked_at, revoked_by) VALUES (?, ?, ?)",
                arguments: [token.tokenID, now.description, actor])
            try Self.appendAudit(
                db,
                AuditEvent.token("token.revoked", tokenID: token.tokenID, name: token.name, role: token.role, actor: actor, at: now))
            return token
        }
    }

    /// A number that changes whenever a token is created or revoked (for caches).
    public func tokenGeneration() throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM api_tokens) + (SELECT COUNT(*) FROM api_token_revocations)") ?? 0
        }
    }
}
