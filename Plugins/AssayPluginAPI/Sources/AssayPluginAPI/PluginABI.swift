/// The binary contract between the Assay host and a rule plugin (`.so`).
///
/// A plugin exports three C entry points (see ``PluginExport``):
/// - `assay_plugin_abi_version() -> UInt32`: the ABI version compiled INTO the plugin;
/// - `assay_plugin_toolchain() -> UnsafePointer<UInt8>`: the compiler version the plugin was built with
///   (a NUL-terminated UTF-8 string);
/// - `assay_plugin_create() -> UnsafeMutableRawPointer`: a retained ``RulePlugin`` object.
///
/// The host calls the first two before anything else and refuses a plugin whose values differ from its own.
public enum PluginABI {
    /// The ABI version of this API. Bump it on ANY change to a public type's layout or to a protocol
    /// requirement: an old plugin must then be refused rather than crash the host.
    ///
    /// `@_alwaysEmitIntoClient` makes the value part of the code of the module that reads it, so a plugin
    /// reports the version it was compiled against, not the version of the `libAssayPluginAPI.so`
    /// loaded next to it (a `public let` would read the latter and always "match").
    @_alwaysEmitIntoClient
    public static var version: UInt32 { 1 }

    /// The Swift compiler version used to build the module that reads this property (inlined into the reader).
    @_alwaysEmitIntoClient
    public static var toolchain: StaticString {
        #if compiler(>=6.5)
            return "swift-6.5-or-later"
        #elseif compiler(>=6.4)
            return "swift-6.4"
        #elseif compiler(>=6.3.2)
            return "swift-6.3.2-or-later"
        #elseif compiler(>=6.3.1)
            return "swift-6.3.1"
        #elseif compiler(>=6.3)
            return "swift-6.3.0"
        #elseif compiler(>=6.2)
            return "swift-6.2"
        #elseif compiler(>=6.1)
            return "swift-6.1"
        #else
            return "swift-6.0-or-earlier"
        #endif
    }

    /// Name of the C entry point returning the plugin's ABI version.
    public static let abiVersionSymbol = "assay_plugin_abi_version"
    /// Name of the C entry point returning the plugin's toolchain string.
    public static let toolchainSymbol = "assay_plugin_toolchain"
    /// Name of the C entry point returning a retained ``RulePlugin``.
    public static let createSymbol = "assay_plugin_create"
}

/// Helpers that a plugin's three `@_cdecl` entry points call; each is inlined into the plugin.
///
/// ```swift
/// import AssayPluginAPI
///
/// @_cdecl("assay_plugin_abi_version")
/// public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }
///
/// @_cdecl("assay_plugin_toolchain")
/// public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }
///
/// @_cdecl("assay_plugin_create")
/// public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([MyRule()]) }
/// ```
public enum PluginExport {
    /// The ABI version this plugin was compiled against.
    @_alwaysEmitIntoClient
    public static var abiVersion: UInt32 { PluginABI.version }

    /// The toolchain this plugin was compiled with, as a NUL-terminated string in the plugin's image.
    @_alwaysEmitIntoClient
    public static var toolchain: UnsafePointer<UInt8> { PluginABI.toolchain.utf8Start }

    /// Wraps the plugin's rules in a retained ``RulePlugin`` for the host (which takes ownership).
    @_alwaysEmitIntoClient
    public static func create(_ rules: [any AssayRule]) -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(RulePlugin(rules: rules)).toOpaque()
    }
}

/// What `assay_plugin_create` hands to the host: the rules one `.so` provides.
public final class RulePlugin: Sendable {
    /// The rules, each with a distinct ``AssayRule/id``.
    public let rules: [any AssayRule]

    /// Wraps the rules of one plugin.
    public init(rules: [any AssayRule]) {
        self.rules = rules
    }
}
