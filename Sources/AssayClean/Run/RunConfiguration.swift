import AssayCrypto
import AssayModel
import AssayPlugins
import Foundation

/// The one config file of a cleaning run (JSON): the plugin keys (`plugin_dirs`,
/// `trusted_plugins`, `on_rule_failure`, `rule_timeout_seconds`, `rules`; Docs/plugins.md) and
/// `policy` (``CleaningPolicy``). Unknown keys are errors naming the key.
struct RunConfiguration: Sendable {
    var plugins = PluginConfiguration()
    var policy = CleaningPolicy()
    /// Where it was read from and the sha256 of its bytes (for the attestation).
    var source: String?
    var digest: String?

    static let ownKeys: Set<String> = ["policy"]

    static func load(_ url: URL?) throws -> RunConfiguration {
        guard let url else { return RunConfiguration() }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CleaningError.config(url.path, "cannot read the config file")
        }
        var config = RunConfiguration()
        config.plugins = try PluginConfiguration.parse(
            data, source: url.path, baseDirectory: url.deletingLastPathComponent(), otherKeys: ownKeys)
        let value: JSONValue
        do {
            value = try JSONParser.parse([UInt8](data))
        } catch {
            throw CleaningError.config(url.path, error.description)
        }
        config.policy = try CleaningPolicy.parse(value["policy"], source: url.path)
        config.source = url.path
        config.digest = SHA256Digest.hash([UInt8](data)).hex
        return config
    }
}
