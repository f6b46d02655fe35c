import AssayCrypto

/// Why a plugin file could not be used. Every case names the file; none of them crashes the host.
public enum PluginLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be read (to hash it).
    case unreadable(path: String, reason: String)
    /// The file's digest is not in `trusted_plugins`.
    case untrusted(path: String, digest: String)
    /// The file changed between hashing and loading (the runner re-hashes before `dlopen`).
    case digestChanged(path: String, expected: String, actual: String)
    /// `dlopen` refused the file (not an ELF shared library, missing dependency, wrong architecture…).
    case notLoadable(path: String, reason: String)
    /// A shared library without the `assay_plugin_abi_version` entry point: not an Assay plugin.
    case notAPlugin(path: String)
    /// Built against another plugin ABI version: rebuild the plugin against this Assay's AssayPluginAPI.
    case abiMismatch(path: String, found: UInt32, expected: UInt32)
    /// Built with another Swift toolchain: rebuild the plugin with the toolchain Assay was built with.
    case toolchainMismatch(path: String, found: String, expected: String)
    /// An Assay plugin that lacks a required entry point.
    case missingEntryPoint(path: String, symbol: String)
    /// `assay_plugin_create` returned something that is not a `RulePlugin` of this host's AssayPluginAPI.
    case badPluginObject(path: String, reason: String)
    /// The plugin's rules are not usable (no rules, duplicate or malformed ids, bad parameter defaults).
    case invalidRule(path: String, reason: String)
    /// Two plugins provide the same rule id.
    case duplicateRule(id: String, path: String, otherPath: String)
    /// The rule-runner process could not load the plugin (could not start, crashed or timed out while loading).
    case runnerFailed(path: String, reason: String)

    /// The plugin file this error is about.
    public var path: String {
        switch self {
        case .unreadable(let path, _), .untrusted(let path, _), .digestChanged(let path, _, _), .notLoadable(let path, _),
            .notAPlugin(let path), .abiMismatch(let path, _, _), .toolchainMismatch(let path, _, _),
            .missingEntryPoint(let path, _), .badPluginObject(let path, _), .invalidRule(let path, _),
            .duplicateRule(_, let path, _), .runnerFailed(let path, _):
            path
        }
    }

    /// A short machine-readable code, e.g. `abi_mismatch`.
    public var code: String {
        switch self {
        case .unreadable: "unreadable"
        case .untrusted: "untrusted"
        case .digestChanged: "digest_changed"
        case .notLoadable: "not_loadable"
        case .notAPlugin: "not_a_plugin"
        case .abiMismatch: "abi_mismatch"
        case .toolchainMismatch: "toolchain_mismatch"
        case .missingEntryPoint: "missing_entry_point"
        case .badPluginObject: "bad_plugin_object"
        case .invalidRule: "invalid_rule"
        case .duplicateRule: "duplicate_rule"
        case .runnerFailed: "runner_failed"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "plugin \(path): cannot read the file: \(reason)"
        case .untrusted(let path, let digest):
            "plugin \(path) is not trusted: its sha256 \(digest) is not in trusted_plugins; add the digest to the config to allow it"
        case .digestChanged(let path, let expected, let actual):
            "plugin \(path) changed while loading: sha256 was \(expected), is now \(actual)"
        case .notLoadable(let path, let reason):
            "plugin \(path) is not a loadable shared library: \(reason)"
        case .notAPlugin(let path):
            "\(path) is not an Assay plugin: it does not export the C symbol 'assay_plugin_abi_version'"
        case .abiMismatch(let path, let found, let expected):
            "plugin \(path) was built against plugin ABI \(found), this Assay needs ABI \(expected): rebuild it against this Assay's Plugins/AssayPluginAPI"
        case .toolchainMismatch(let path, let found, let expected):
            "plugin \(path) was built with \(found), this Assay with \(expected): rebuild it with the same Swift toolchain"
        case .missingEntryPoint(let path, let symbol):
            "plugin \(path) does not export the C symbol '\(symbol)' that every Assay plugin needs"
        case .badPluginObject(let path, let reason):
            "plugin \(path) returned an unusable object from assay_plugin_create: \(reason)"
        case .invalidRule(let path, let reason):
            "plugin \(path) has an invalid rule: \(reason)"
        case .duplicateRule(let id, let path, let otherPath):
            "rule '\(id)' is provided by both \(otherPath) and \(path); remove one of them"
        case .runnerFailed(let path, let reason):
            "plugin \(path) could not be loaded in assay-rule-runner: \(reason)"
        }
    }
}
