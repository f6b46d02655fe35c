import AssayModel
import AssayStore
import PostgresNIO

extension PostgresStore {
    public func createToken(name: String, role: TokenRole, actor: String) throws -> (secret: String, token: APIToken) {
        let secret = TokenSecret.generate()
        let token = APIToken(
            tokenID: TokenSecret.makeID(), name: name, role: role, secretSHA256: TokenSecret.hash(secret), createdAt: .now,
            createdBy: actor, revokedAt: nil)
        try write { session in
            let clash = try session.row(
                """
                SELECT 1 FROM api_tokens t WHERE t.name = \(name)
                AND NOT EXISTS (SELECT 1 FROM api_token_revocations r WHERE r.token_id = t.token_id)
                """)
            if clash != nil { throw StoreError.alreadyExists(what: "active token", name: name) }
            try session.execute(
                """
                INSERT INTO api_tokens (token_id, name, role, sha256, created_at, created_by)
                VALUES (\(token.tokenID), \(name), \(role.rawValue), \(token.secretSHA256), \(token.createdAt.description), \(actor))
                """)
            try Self.appendAudit(
                session,
                AuditEvent.token("token.created", tokenID: token.tokenID, name: name, role: role, actor: actor, at: token.createdAt))
        }
        return (secret, token)
    }

    public func tokens() throws -> [APIToken] {
        try withSession { session in
            try session.rows(
                """
                SELECT t.token_id, t.name, t.role, t.sha256, t.created_at, t.created_by, r.revoked_at FROM api_tokens t
                LEFT JOIN api_token_revocations r ON r.token_id = t.token_id ORDER BY t.seq
                """
            ).map { row in
                let (tokenID, name, role, sha256, createdAt, createdBy, revokedAt) = try row.decode(
                    (String, String, String, String, String, String, String?).self)
                return APIToken(
                    tokenID: tokenID, name: name, role: TokenRole(rawValue: role) ?? .ingest, secretSHA256: sha256,
                    createdAt: Timestamp.stored(createdAt), createdBy: createdBy, revokedAt: revokedAt.flatMap { Timestamp(rfc3339: $0) })
            }
        }
    }

    @discardableResult
    public func revokeToken(_ idOrName: String, actor: String) throws -> APIToken {
        let now = Timestamp.now
        return try write { session in
            guard
                let row = try session.row(
                    """
                    SELECT t.token_id, t.name, t.role, t.sha256, t.created_at, t.created_by FROM api_tokens t
                    WHERE (t.token_id = \(idOrName) OR t.name = \(idOrName))
                    AND NOT EXISTS (SELECT 1 FROM api_token_revocations r WHERE r.token_id = t.token_id)
                    ORDER BY t.seq DESC LIMIT 1
                    """)
            else { throw StoreError.notFound(what: "active token", name: idOrName) }
            let (tokenID, name, role, sha256, createdAt, createdBy) = try row.decode((String, String, String, String, String, String).self)
            let token = APIToken(
                tokenID: tokenID, name: name, role: TokenRole(rawValue: role) ?? .ingest, secretSHA256: sha256,
                createdAt: Timestamp(rfc3339: createdAt) ?? now, createdBy: createdBy, revokedAt: now)
            try session.execute(
                "INSERT INTO api_token_revocations (token_id, revoked_at, revoked_by) VALUES (\(tokenID), \(now.description), \(actor))")
            try Self.appendAudit(
                session,
                AuditEvent.token("token.revoked", tokenID: tokenID, name: name, role: token.role, actor: actor, at: now))
            return token
        }
    }

    public func tokenGeneration() throws -> Int {
        try withSession { session in
            Int(
                try session.row("SELECT ((SELECT COUNT(*) FROM api_tokens) + (SELECT COUNT(*) FROM api_token_revocations))::BIGINT")?
                    .column(0, as: Int64.self) ?? 0)
        }
    }
}
