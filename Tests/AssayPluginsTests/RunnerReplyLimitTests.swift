import AssayPluginAPI
import AssayPlugins
import AssayTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A hostile external plugin announces a huge reply on the runner's pipe (`libTestHugeReply.so`): the host refuses
/// it before allocating, reports the rule as failed and goes on; memory stays bounded.
@Suite(.serialized) struct RunnerReplyLimitTests {
    /// The host process's peak resident set size so far, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }

    /// Runs `huge-reply` (and `noop`) in the runner with the given config JSON.
    static func run(config json: String) throws -> RuleRunReport {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["libTestHugeReply.so", "libTestNoopRule.so"] {
            try FileManager.default.copyItem(at: try FixturePlugins.testPlugin(name), to: directory.appendingPathComponent(name))
        }
        let config = try PluginConfiguration.parse(Data(json.utf8))
        let host = try PluginHost(
            configuration: config, searchPaths: .init(directories: [.init(url: directory, origin: .external)]), runnerExecutable: TestPaths.runner)
        defer { host.shutdown() }
        return try host.run(snapshot: SyntheticSnapshot().make())
    }

    @Test func aReplyAnnouncedAboveTheCapFailsTheRuleAtOnceAndTheRunGoesOn() throws {
        let before = Self.peakResidentBytes()
        let started = Date()
        // 2 GiB announced, default cap 256 MiB.
        let report = try Self.run(config: #"{"on_rule_failure": "skip"}"#)
        let seconds = Date().timeIntervalSince(started)
        #expect(report.results.map(\.rule.id) == ["huge-reply", "noop"])
        let failure = try #require(report.results.first?.failure)
        #expect(failure.code == "reply_too_large", "\(failure)")
        #expect(failure.description.contains("announced a reply of 2147483648 bytes, above the 268435456-byte cap"), "\(failure)")
        #expect(failure.description.contains("runner_reply_limit_bytes"))
        #expect(report.results[1].failure == nil, "the next rule still runs")
        #expect(seconds < 20, "refused from the header, not after reading: \(seconds) s")
        let grown = Self.peakResidentBytes() - before
        #expect(grown < 512 << 20, "the host's peak memory grew by \(grown >> 20) MiB")
    }

    @Test func theCapIsConfigurable() throws {
        let report = try Self.run(
            config:
                #"{"on_rule_failure": "skip", "runner_reply_limit_bytes": 1000, "rules": {"huge-reply": {"parameters": {"announce_bytes": 1001}}}}"#)
        let failure = report.results.first?.failure
        #expect(failure?.code == "reply_too_large")
        #expect(failure?.description.contains("1001 bytes, above the 1000-byte cap") == true, "\(String(describing: failure))")
    }

    @Test func underTheCapMemoryGrowsOnlyWithTheBytesThatArrive() throws {
        // Cap 4 GiB, 2 GiB announced, 64 KiB sent, then the plugin exits: the host must not reserve the 2 GiB up front.
        let before = Self.peakResidentBytes()
        let report = try Self.run(
            config: """
                {"on_rule_failure": "skip", "runner_reply_limit_bytes": 4294967296,
                 "rules": {"huge-reply": {"parameters": {"announce_bytes": 2147483648, "send_bytes": 65536}}}}
                """)
        let failure = try #require(report.results.first?.failure)
        #expect(failure.code == "crashed", "the runner exited in the middle of the frame: \(failure)")
        let grown = Self.peakResidentBytes() - before
        #expect(grown < 512 << 20, "the host's peak memory grew by \(grown >> 20) MiB for 64 KiB received")
    }

    @Test func theCapRejectsBadValues() {
        for bad in [#"0"#, #"-5"#, #"1.5"#, #""big""#, #"68719476736"#] {
            #expect(throws: PluginConfigurationError.self, "runner_reply_limit_bytes: \(bad)") {
                _ = try PluginConfiguration.parse(Data(#"{"runner_reply_limit_bytes": \#(bad)}"#.utf8))
            }
        }
    }

    /// The whole `assay clean` process, measured from outside with `wait4`: the run finishes, records the failed
    /// rule, and the process never holds the announced 2 GiB.
    @Test func assayCleanSurvivesAHugeReplyWithBoundedMemory() throws {
        let folder = TemporaryDirectory("assay-huge-reply")
        let plugins = folder.path("plugins")
        try FileManager.default.createDirectory(atPath: plugins, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: try FixturePlugins.testPlugin("libTestHugeReply.so"), to: URL(fileURLWithPath: plugins).appendingPathComponent("libTestHugeReply.so"))
        let config = folder.write("config.json", #"{"on_rule_failure": "skip"}"#)
        let result = try ProcessRunner.measured(
            Repository.assay,
            [
                "clean", "--input", Repository.fixture("sample/ratings.jsonl"), "--out", folder.path("run"), "--key",
                Repository.fixture("keys/test-ed25519-private.pem"), "--plugins", plugins, "--config", config,
            ],
            timeout: 300)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("FAILED (skipped): huge-reply"), "\(result.stdout)")
        let attestation = try String(contentsOfFile: folder.path("run/attestation.dsse.json"), encoding: .utf8)
        let payload = try #require(Self.dssePayload(attestation))
        #expect(payload.contains("announced a reply of 2147483648 bytes"), "the attestation records why the rule failed")
        #expect(result.peakResidentBytes < 1 << 30, "assay clean peaked at \(result.peakResidentBytes >> 20) MiB")
    }

    /// The decoded payload of a DSSE envelope (JSON with a base64 `payload`).
    static func dssePayload(_ envelope: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(envelope.utf8)) as? [String: Any],
            let encoded = object["payload"] as? String, let data = Data(base64Encoded: encoded)
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
