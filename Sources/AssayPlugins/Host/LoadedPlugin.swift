import AssayPluginAPI

/// A plugin whose handshake succeeded: what it is and which rules it provides.
public struct LoadedPlugin: Sendable {
    /// The file and its digest.
    public let file: PluginFile
    /// Plugin ABI version compiled into it.
    public let abiVersion: UInt32
    /// Toolchain it was built with.
    public let toolchain: String
    /// Its rules.
    public let rules: [RuleDescriptor]
    /// Where it was loaded to read its metadata (its default isolation).
    public let isolation: RuleIsolation
}
