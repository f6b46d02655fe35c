import AssayCrypto
import AssayPluginAPI
import AssayPlugins
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The plugin that is loaded is the file that was hashed: replacing it on disk between the hash and `dlopen`
/// (by renaming another file over it, or by rewriting it in place) changes nothing.
@Suite struct PluginSwapTests {
    enum Swap: String, CaseIterable, Sendable {
        /// `rename(2)` another plugin over the path (what an attacker with write access to the folder does).
        case rename
        /// Rewrite the same inode in place.
        case overwrite
    }

    @Test(arguments: Swap.allCases)
    func aSwapAfterHashingDoesNotChangeWhatIsLoaded(swap: Swap) throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plugin-\(swap.rawValue).so").path
        let substitute = directory.appendingPathComponent("substitute.so").path
        try FileManager.default.copyItem(atPath: try FixturePlugins.testPlugin("libTestNoopRule.so").path, toPath: path)
        try FileManager.default.copyItem(atPath: try FixturePlugins.testPlugin("libTestThrowingRule.so").path, toPath: substitute)
        let digest = try PluginFile.sha256(ofFileAt: path)

        let library = try PluginLibrary.load(path: path, expecting: digest) {
            switch swap {
            case .rename:
                #expect(rename(substitute, path) == 0)
            case .overwrite:
                let bytes = FileManager.default.contents(atPath: substitute)!
                let handle = FileHandle(forWritingAtPath: path)!
                try? handle.truncate(atOffset: 0)
                handle.write(bytes)
                try? handle.close()
            }
        }
        #expect(try PluginFile.sha256(ofFileAt: path) != digest, "the file on disk did change")
        #expect(library.rules.map(\.id) == ["noop"], "loaded the hashed plugin, not the substitute")
    }

    @Test func aFileThatNoLongerMatchesItsDigestIsRefused() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plugin.so").path
        try FileManager.default.copyItem(atPath: try FixturePlugins.testPlugin("libTestNoopRule.so").path, toPath: path)
        let stale = try PluginFile.sha256(ofFileAt: try FixturePlugins.testPlugin("libTestThrowingRule.so").path)
        do {
            _ = try PluginLibrary.load(path: path, expecting: stale)
            Issue.record("a file with another digest was loaded")
        } catch {
            #expect(error.code == "digest_changed", "\(error)")
            #expect(error.description.contains("plugin.so"))
        }
    }

    /// The sealed in-memory plugin images mapped in this process (distinct memory files).
    static func mappedImages() throws -> Int {
        // Read to the end (a /proc file reports size 0, so a read sized by stat would see nothing).
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/maps"))
        defer { try? handle.close() }
        let maps = String(decoding: try handle.readToEnd() ?? Data(), as: UTF8.self)
        var inodes: Set<Substring> = []
        for line in maps.split(separator: "\n") where line.contains("memfd:assay-plugin") {
            let columns = line.split(separator: " ", omittingEmptySubsequences: true)
            if columns.count > 4 { inodes.insert(columns[4]) }
        }
        return inodes.count
    }

    @Test func loadingTheSameBytesAgainReusesTheMappedImage() throws {
        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("again.so").path
        try FileManager.default.copyItem(atPath: try FixturePlugins.testPlugin("libTestNoopRule.so").path, toPath: path)
        let digest = try PluginFile.sha256(ofFileAt: path)
        _ = try PluginLibrary.load(path: path, expecting: digest)
        let before = try Self.mappedImages()
        #expect(before >= 1, "plugins are mapped from sealed memory files")
        for _ in 0..<10 {
            let library = try PluginLibrary.load(path: path, expecting: digest)
            #expect(library.rules.map(\.id) == ["noop"])
        }
        // Other tests may map other plugins meanwhile; ten new copies of this one would add ten.
        #expect(try Self.mappedImages() - before < 5)
    }
}
