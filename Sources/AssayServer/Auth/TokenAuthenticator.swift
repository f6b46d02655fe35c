import AssayStore
import Foundation

/// Checks bearer tokens against the store's token hashes.
///
/// The presented secret is hashed (SHA-256) and compared with every active token's hash in
/// constant time, so the time taken says nothing about how close a guess was. The token list is
/// re-read from the store at most every `refresh`, so `assay token revoke` takes effect on a
/// running server within that time.
public final class TokenAuthenticator: @unchecked Sendable {
    private let store: ServiceStore
    private let refresh: TimeInterval
    private let lock = NSLock()
    private var active: [(hash: [UInt8], caller: Caller)] = []
    private var loadedAt: Date = .distantPast

    public init(store: ServiceStore, refresh: TimeInterval = 1) {
        self.store = store
        self.refresh = refresh
    }

    /// The caller whose token this is, or nil for an unknown or revoked token.
    public func authenticate(secret: String) async throws -> Caller? {
        let presented = Array(TokenSecret.hash(secret).utf8)
        if let match = Self.match(presented, in: try await current()) { return match }
        // A token created a moment ago: re-read, but at most every 100 ms so that unknown
        // tokens cannot turn into a query per request.
        guard let fresh = try await current(maxAge: 0.1) else { return nil }
        return Self.match(presented, in: fresh)
    }

    /// The caller of the active token with id `tokenID`, or nil when it is unknown or revoked (the console's
    /// sessions name their token by id and are checked against the same list on every request).
    public func caller(tokenID: String) async throws -> Caller? {
        try await current().first { $0.caller.tokenID == tokenID }?.caller
    }

    private static func match(_ presented: [UInt8], in tokens: [(hash: [UInt8], caller: Caller)]) -> Caller? {
        var match: Caller?
        for candidate in tokens where TokenSecret.constantTimeEquals(candidate.hash, presented) {
            match = candidate.caller
        }
        return match
    }

    /// Forgets the cached token list (after a change made through this process).
    public func invalidate() {
        lock.withLock { loadedAt = .distantPast }
    }

    private func current() async throws -> [(hash: [UInt8], caller: Caller)] {
        if let cached = lock.withLock({ Date().timeIntervalSince(loadedAt) < refresh ? active : nil }) { return cached }
        return try await reload()
    }

    /// The list re-read if it is older than `maxAge`, else nil (it was just read).
    private func current(maxAge: TimeInterval) async throws -> [(hash: [UInt8], caller: Caller)]? {
        guard lock.withLock({ Date().timeIntervalSince(loadedAt) >= maxAge }) else { return nil }
        return try await reload()
    }

    private func reload() async throws -> [(hash: [UInt8], caller: Caller)] {
        let tokens = try await store.run { try $0.tokens() }.filter(\.isActive).map { token in
            (hash: Array(token.secretSHA256.utf8), caller: Caller(name: token.name, role: token.role, tokenID: token.tokenID))
        }
        lock.withLock {
            active = tokens
            loadedAt = Date()
        }
        return tokens
    }
}
