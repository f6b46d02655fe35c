import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// One configuration file, one schema: `assay plugins list --config` reads the same file `assay clean --config` does,
/// `policy` included, and refuses the same mistakes with the same message.
@Suite("Config schema")
struct ConfigSchemaTests {
    /// The example config of Docs/cleaning.md (the JSON block after "One JSON file for rules, plugins and policy").
    static func documentedExample() throws -> String {
        let doc = try String(contentsOfFile: Repository.root.appendingPathComponent("Docs/cleaning.md").path, encoding: .utf8)
        let section = try #require(doc.range(of: "One JSON file for rules, plugins and policy"))
        let rest = doc[section.upperBound...]
        let open = try #require(rest.range(of: "```json\n"))
        let close = try #require(rest[open.upperBound...].range(of: "```"))
        return String(rest[open.upperBound..<close.lowerBound])
    }

    @Test("plugins list accepts the Docs/cleaning.md example config, policy included")
    func documentedExampleIsAcceptedByPluginsList() throws {
        let folder = TemporaryDirectory("assay-config-schema")
        let example = try Self.documentedExample()
        #expect(try JSONParser.parse(example)["policy"] != nil, "the example shows the policy section")
        let config = folder.write("assay.json", example)
        let list = try ProcessRunner.assay(["plugins", "list", "--config", config])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("rule:    speed"), "\(list.stdout)")
        let clean = try ProcessRunner.assay([
            "clean", "--input", Repository.fixture("sample/ratings.jsonl"), "--out", folder.path("run"), "--key",
            Repository.fixture("keys/test-ed25519-private.pem"), "--config", config,
        ])
        #expect(clean.status == 0, "the same file runs a cleaning: \(clean.stderr)")
    }

    @Test("a misspelt policy key is refused by every command with the same message")
    func sameErrorsEverywhere() throws {
        let folder = TemporaryDirectory("assay-config-schema")
        let config = folder.write("bad.json", #"{"policy": {"min_margn": 0.1}}"#)
        let list = try ProcessRunner.assay(["plugins", "list", "--config", config])
        let clean = try ProcessRunner.assay([
            "clean", "--input", Repository.fixture("sample/ratings.jsonl"), "--out", folder.path("run"), "--key",
            Repository.fixture("keys/test-ed25519-private.pem"), "--config", config,
        ])
        #expect(list.status != 0)
        #expect(clean.status != 0)
        #expect(list.stderr.contains("policy.min_margn: unknown key"), "\(list.stderr)")
        #expect(clean.stderr.contains("policy.min_margn: unknown key"), "\(clean.stderr)")
    }
}
