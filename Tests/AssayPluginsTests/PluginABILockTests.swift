import AssayCrypto
import AssayPluginAPI
import Foundation
import Testing

/// Guards the manual step of the plugin ABI: `PluginABI.version` must be bumped whenever the plugin
/// API changes in a way that breaks compiled plugins (the library is built without library
/// evolution, so any change to a public type's layout or to a protocol requirement does).
///
/// `Plugins/AssayPluginAPI/ABI.lock` records the version and a fingerprint of the API's source
/// (SHA-256 over every file with comment lines and white space removed). Any change to that source
/// fails this test until a person decides: bump `PluginABI.version` if compiled plugins break, then
/// record the new fingerprint and version in the lock file. The fingerprint is coarse on purpose —
/// it cannot tell a layout change from a harmless one, so it makes someone look.
@Suite("plugin ABI lock")
struct PluginABILockTests {
    static let apiSources = TestPaths.repositoryRoot.appendingPathComponent("Plugins/AssayPluginAPI/Sources/AssayPluginAPI")
    static let lockFile = TestPaths.repositoryRoot.appendingPathComponent("Plugins/AssayPluginAPI/ABI.lock")

    /// SHA-256 over `name\n` + normalised content of every `.swift` file, in name order.
    static func fingerprint() throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: apiSources.path).filter { $0.hasSuffix(".swift") }.sorted()
        var text = ""
        for name in names {
            let source = try String(contentsOf: apiSources.appendingPathComponent(name), encoding: .utf8)
            text += name + "\n" + normalized(source)
        }
        return SHA256Digest.hash(text).hex
    }

    /// The source without comment lines and without any white space (so re-wrapping by `swift format`
    /// does not count as a change): what the fingerprint covers.
    static func normalized(_ source: String) -> String {
        var text = ""
        for line in source.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("//") { continue }
            text += trimmed.filter { !$0.isWhitespace }
        }
        return text
    }

    static func lock() throws -> (version: UInt32, fingerprint: String) {
        var version: UInt32?
        var fingerprint: String?
        for line in try String(contentsOf: lockFile, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[0] == "version" { version = UInt32(parts[1]) }
            if parts[0] == "source-sha256" { fingerprint = parts[1] }
        }
        return (try #require(version), try #require(fingerprint))
    }

    @Test("the lock names the compiled-in ABI version and the API source it was reviewed at")
    func lockMatchesSource() throws {
        let lock = try Self.lock()
        #expect(
            lock.version == PluginABI.version,
            "ABI.lock records version \(lock.version) but PluginABI.version is \(PluginABI.version): update the lock")
        let current = try Self.fingerprint()
        #expect(
            lock.fingerprint == current,
            """
            The plugin API source changed (Plugins/AssayPluginAPI). If the change alters a public type's layout or a \
            protocol requirement, bump PluginABI.version (compiled plugins must then be refused, not crash the host). \
            Then record in Plugins/AssayPluginAPI/ABI.lock: "version \(PluginABI.version)" (the bumped value) and \
            "source-sha256 \(current)".
            """)
    }

    @Test("the fingerprint ignores comments and spacing but sees a changed declaration")
    func fingerprintSensitivity() {
        let base = Self.normalized("public struct F {\n    public let a: Int\n    public let b: Int\n}\n")
        #expect(Self.normalized("/// Doc.\npublic struct F {\n  public let a:  Int\n\n  public let b: Int\n}\n") == base)
        #expect(Self.normalized("public struct F {\n    public let a: Int\n    public let b:\n        Int\n}\n") == base)
        #expect(Self.normalized("public struct F {\n    public let b: Int\n    public let a: Int\n}\n") != base)
        #expect(Self.normalized("public struct F {\n    public let a: Int\n    public let b: Int8\n}\n") != base)
    }
}
