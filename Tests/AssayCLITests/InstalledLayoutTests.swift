import AssayTestSupport
import Foundation
import Testing

/// The installed layout (`PREFIX/bin/assay`, `PREFIX/lib/assay/plugins/*.so`) laid out by
/// `Scripts/install.sh` from the built products: the installed binary finds every built-in rule
/// there and a cleaning run records and runs them from there.
@Suite("installed layout")
struct InstalledLayoutTests {
    @Test("Scripts/install.sh: the installed assay finds its eleven rules in lib/assay/plugins and runs them")
    func installedAssayRunsItsRules() throws {
        let folder = TemporaryDirectory()
        let prefix = folder.path("prefix")
        let install = try ProcessRunner.run(
            "/bin/bash", [Repository.root.appendingPathComponent("Scripts/install.sh").path, prefix, Repository.buildProducts.path])
        #expect(install.status == 0, "\(install.stderr)")
        let assay = prefix + "/bin/assay"
        let pluginFolder = prefix + "/lib/assay/plugins/"

        let list = try ProcessRunner.run(assay, ["plugins", "list"])
        #expect(list.status == 0, "\(list.stderr)")
        let paths = list.stdout.split(separator: "\n").filter { $0.hasPrefix("/") }
        #expect(paths.count == 11)
        #expect(paths.allSatisfy { $0.hasPrefix(pluginFolder) }, "\(paths)")
        #expect(list.stdout.components(separatedBy: "origin:  built-in").count - 1 == 11)

        let out = folder.path("run")
        let clean = try ProcessRunner.run(
            assay,
            [
                "clean", "--input", Repository.fixture("sample/ratings.jsonl"), "--out", out,
                "--key", Repository.fixture("keys/test-ed25519-private.pem"),
            ])
        #expect(clean.status == 0, "\(clean.stderr)")
        let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/attestation.dsse.json")))
        let payload = try #require(((envelope as? [String: Any])?["payload"] as? String).flatMap { Data(base64Encoded: $0) })
        let statement = try #require(try JSONSerialization.jsonObject(with: payload) as? [String: Any])
        let rules = try #require((statement["predicate"] as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.count == 11)
        for rule in rules {
            #expect(rule["outcome"] as? String == "succeeded")
            let plugin = rule["plugin"] as? [String: Any]
            #expect((plugin?["path"] as? String)?.hasPrefix(pluginFolder) == true, "\(rule)")
        }
    }
}
