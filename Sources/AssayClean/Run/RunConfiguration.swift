import AssayCrypto
import AssayModel
import AssayPlugins
import Foundation

/// Assay's one config file (JSON), read the same way by every command that takes `--config`
/// (`assay clean`, `assay plugins list|inspect`, runs started by `assay serve`): the plugin keys
/// (`plugin_dirs`, `trusted_plugins`, `on_rule_failure`, `rule_timeout_seconds`,
/// `runner_reply_limit_bytes`, `rules`; Docs/plugins.md) and `policy` (``CleaningPolicy``). Unknown
/// keys and wrong types are errors naming the key, whichever command reads the file.
public struct RunConfiguration: Sendable {
    /// The plugin part.
    public var plugins = PluginConfiguration()
    /// The decision policy.
    public var policy = CleaningPolicy()
    /// Where it was read from and the sha256 of its bytes (for the attestation).
    public var source: String?
    public var digest: String?

    /// The defaults (no file).
    public init() {}

    static let ownKeys: Set<String> = ["policy"]

    /// Reads and checks the whole file (nil: the defaults).
    /// - Throws: ``AssayPlugins/PluginConfigurationError`` for the plugin keys, ``CleaningError/config(_:_:)`` for the rest.
    public static func load(_ url: URL?) throws -> RunConfiguration {
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
