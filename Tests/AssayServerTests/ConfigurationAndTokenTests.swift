import AssayServer
import AssayStore
import Foundation
import Testing

@Suite struct ConfigurationAndTokenTests {
    @Test func configurationFileReadsKnownKeysAndRefusesUnknownOnes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("assay-serve-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(#"{"port": 9000, "max_records_per_batch": 50, "source": "platform-x"}"#.utf8).write(to: url)
        let configuration = try ServerConfiguration.load(url)
        #expect(configuration.port == 9000)
        #expect(configuration.maxRecordsPerBatch == 50)
        #expect(configuration.source == "platform-x")
        try Data(#"{"prot": 9000}"#.utf8).write(to: url)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(url) }
        try Data(#"{"port": "x"}"#.utf8).write(to: url)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(url) }
        #expect(configuration.metricsRequireToken == false)
        try Data(#"{"metrics_require_token": true}"#.utf8).write(to: url)
        #expect(try ServerConfiguration.load(url).metricsRequireToken == true)
        try Data(#"{"metrics_require_token": 1}"#.utf8).write(to: url)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(url) }
        // The load limits: documented defaults, each settable, none below 1.
        #expect(configuration.maxConcurrentIngests == 4)
        #expect(configuration.maxConcurrentRuns == 1)
        #expect(configuration.storeThreads == 4)
        #expect(configuration.busyTimeout == .seconds(5))
        try Data(
            #"{"max_concurrent_ingests": 2, "max_concurrent_runs": 3, "store_threads": 6, "busy_timeout_ms": 250}"#.utf8
        ).write(to: url)
        let limits = try ServerConfiguration.load(url)
        #expect(limits.maxConcurrentIngests == 2)
        #expect(limits.maxConcurrentRuns == 3)
        #expect(limits.storeThreads == 6)
        #expect(limits.busyTimeout == .milliseconds(250))
        try Data(#"{"max_concurrent_ingests": 0}"#.utf8).write(to: url)
        #expect(throws: ConfigurationError.self) { try ServerConfiguration.load(url) }
    }

    @Test func tokensAreStoredOnlyAsHashesAndNamesAreUniqueWhileActive() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("a.sqlite").path)
        let (secret, token) = try store.createToken(name: "platform", role: .ingest, actor: "me")
        #expect(secret.hasPrefix("assay_") && secret.count == 70)
        #expect(token.secretSHA256 == TokenSecret.hash(secret))
        #expect(try store.tokens().map(\.secretSHA256) == [TokenSecret.hash(secret)])
        #expect(throws: StoreError.self) { try store.createToken(name: "platform", role: .admin, actor: "me") }
        try store.revokeToken(token.tokenID, actor: "me")
        #expect(try store.tokens().first?.isActive == false)
        _ = try store.createToken(name: "platform", role: .ingest, actor: "me")
        #expect(throws: StoreError.self) { try store.revokeToken("nobody", actor: "me") }
        #expect(TokenSecret.constantTimeEquals(Array("abc".utf8), Array("abc".utf8)))
        #expect(!TokenSecret.constantTimeEquals(Array("abc".utf8), Array("abd".utf8)))
        #expect(!TokenSecret.constantTimeEquals(Array("abc".utf8), Array("ab".utf8)))
        #expect(try store.verifyAudit().isValid)
    }
}
