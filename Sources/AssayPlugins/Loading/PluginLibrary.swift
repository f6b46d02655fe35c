import AssayCrypto
import AssayPluginAPI
import Foundation
import Glibc

/// A plugin loaded into THIS process with `dlopen` (never closed: Swift images cannot be unloaded safely).
///
/// Used by the host for in-process rules and by `assay-rule-runner` for isolated ones. The order of checks is
/// the handshake: `dlopen` → `assay_plugin_abi_version` → `assay_plugin_toolchain` → `assay_plugin_create`.
/// Nothing in the plugin runs before the ABI check except its static initialisers.
public struct PluginLibrary: @unchecked Sendable {
    /// The file it was loaded from.
    public let path: String
    /// ABI version compiled into the plugin.
    public let abiVersion: UInt32
    /// Toolchain the plugin was built with.
    public let toolchain: String
    /// The rules it provides.
    public let rules: [any AssayRule]

    private typealias VersionFunction = @convention(c) () -> UInt32
    private typealias ToolchainFunction = @convention(c) () -> UnsafePointer<UInt8>?
    private typealias CreateFunction = @convention(c) () -> UnsafeMutableRawPointer?

    /// The ABI version this host expects.
    public static var hostABIVersion: UInt32 { PluginABI.version }
    /// The toolchain this host was built with.
    public static var hostToolchain: String { PluginABI.toolchain.description }

    /// Loads the plugin at `path` from the very bytes that were hashed, only if they hash to `digest`.
    ///
    /// The file is read once into a sealed in-memory copy (``SealedPluginImage``) while it is hashed, and `dlopen`
    /// maps that copy: a file swapped or rewritten on disk after the hash is never what runs.
    /// - Parameter afterHashing: called between the hash and the load (tests swap the file there).
    public static func load(path: String, expecting digest: SHA256Digest, afterHashing: () -> Void = {}) throws(PluginLoadError) -> PluginLibrary {
        let image = try SealedPluginImage.seal(path: path)
        guard image.digest == digest else {
            image.discard()
            throw .digestChanged(path: path, expected: digest.hex, actual: image.digest.hex)
        }
        afterHashing()
        return try load(image)
    }

    /// Loads a plugin (from a sealed in-memory copy of its bytes) and performs the handshake; throws a typed error
    /// for every malformed case.
    public static func load(path: String) throws(PluginLoadError) -> PluginLibrary {
        try load(try SealedPluginImage.seal(path: path))
    }

    private static func load(_ image: SealedPluginImage) throws(PluginLoadError) -> PluginLibrary {
        let path = image.path
        let handle: UnsafeMutableRawPointer
        if let mapped = LoadedImages.shared.handle(for: image.digest) {
            // These exact bytes are already mapped in this process: reuse that image (the handshake below still
            // runs and creates fresh rule objects, as `dlopen` of an already loaded file would).
            image.discard()
            handle = mapped
        } else {
            _ = dlerror()
            guard let opened = dlopen(image.loadPath, RTLD_NOW | RTLD_LOCAL) else {
                let reason = (dlerror().map { String(cString: $0) } ?? "unknown dlopen error").replacing(image.loadPath, with: path)
                image.discard()
                throw .notLoadable(path: path, reason: reason)
            }
            LoadedImages.shared.insert(opened, for: image.digest)
            handle = opened
        }
        // Never dlclose: a Swift image may have registered metadata and conformances with the runtime.
        guard let versionSymbol = dlsym(handle, PluginABI.abiVersionSymbol) else { throw .notAPlugin(path: path) }
        let abiVersion = unsafeBitCast(versionSymbol, to: VersionFunction.self)()
        guard abiVersion == hostABIVersion else { throw .abiMismatch(path: path, found: abiVersion, expected: hostABIVersion) }

        guard let toolchainSymbol = dlsym(handle, PluginABI.toolchainSymbol) else {
            throw .missingEntryPoint(path: path, symbol: PluginABI.toolchainSymbol)
        }
        guard let toolchainPointer = unsafeBitCast(toolchainSymbol, to: ToolchainFunction.self)() else {
            throw .badPluginObject(path: path, reason: "assay_plugin_toolchain returned NULL")
        }
        let toolchain = String(cString: toolchainPointer)
        guard toolchain == hostToolchain else { throw .toolchainMismatch(path: path, found: toolchain, expected: hostToolchain) }

        guard let createSymbol = dlsym(handle, PluginABI.createSymbol) else {
            throw .missingEntryPoint(path: path, symbol: PluginABI.createSymbol)
        }
        guard let raw = unsafeBitCast(createSymbol, to: CreateFunction.self)() else {
            throw .badPluginObject(path: path, reason: "assay_plugin_create returned NULL")
        }
        let object = Unmanaged<AnyObject>.fromOpaque(raw).takeRetainedValue()
        guard let plugin = object as? RulePlugin else {
            throw .badPluginObject(
                path: path,
                reason: "got \(type(of: object)), not AssayPluginAPI.RulePlugin (was AssayPluginAPI linked statically into the plugin?)"
            )
        }
        guard !plugin.rules.isEmpty else { throw .invalidRule(path: path, reason: "the plugin provides no rules") }
        var ids: Set<String> = []
        for rule in plugin.rules {
            let descriptor = RuleDescriptor(rule)
            if let problem = descriptor.problem() { throw .invalidRule(path: path, reason: problem) }
            if !ids.insert(rule.id).inserted { throw .invalidRule(path: path, reason: "rule id '\(rule.id)' appears twice") }
        }
        return PluginLibrary(path: path, abiVersion: abiVersion, toolchain: toolchain, rules: plugin.rules)
    }

    /// Self-descriptions of the rules.
    public var descriptors: [RuleDescriptor] { rules.map(RuleDescriptor.init) }
}

/// The plugin images mapped in this process, by the SHA-256 of their bytes. Plugins are never unloaded, so without
/// this every load (each cleaning run of `assay serve`) would map another copy and keep another descriptor open.
private final class LoadedImages: @unchecked Sendable {
    static let shared = LoadedImages()

    private let lock = NSLock()
    private var handles: [SHA256Digest: UInt] = [:]

    func handle(for digest: SHA256Digest) -> UnsafeMutableRawPointer? {
        lock.withLock { handles[digest].flatMap { UnsafeMutableRawPointer(bitPattern: $0) } }
    }

    func insert(_ handle: UnsafeMutableRawPointer, for digest: SHA256Digest) {
        lock.withLock { handles[digest] = UInt(bitPattern: handle) }
    }
}
