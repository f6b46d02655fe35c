import AssayPlugins
import Foundation

/// Locations of the repository, the fixture plugins and the built-in plugins, for tests.
enum TestPaths {
    /// The repository root, found from this file (symlinks resolved, so a dev package linking the folder works).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // AssayPluginsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `Fixtures/plugins/<name>`.
    static func fixturePackage(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Fixtures/plugins/\(name)")
    }

    /// The folder holding the test executable, where `swift build` puts the built-in plugins and the runner.
    static var buildProducts: URL { PluginSearchPaths.executableDirectory }

    /// The runner built beside the tests.
    static var runner: URL { buildProducts.appendingPathComponent("assay-rule-runner") }

    /// A built-in plugin built beside the tests, e.g. `libAssayRuleSpeed.so`.
    static func builtIn(_ fileName: String) -> URL { buildProducts.appendingPathComponent(fileName) }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("assay-plugins-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// Builds the fixture plugin packages once per test process with `swift build` and hands out their `.so` files.
///
/// Each package builds into its own `.build/` (git-ignored). Set `ASSAY_FIXTURE_PLUGINS_PREBUILT=1` when CI
/// already ran the builds (see Docs/plugins.md) to skip the check-and-build step.
enum FixturePlugins {
    struct BuildError: Error, CustomStringConvertible {
        let description: String
    }

    private static let testPlugins = Result { try build("TestPlugins") }
    private static let example = Result { try build("ExampleGoldRule") }

    /// A library of `Fixtures/plugins/TestPlugins`, e.g. `libTestWrongABI.so`.
    static func testPlugin(_ fileName: String) throws -> URL {
        try testPlugins.get().appendingPathComponent(fileName)
    }

    /// The build folder of `Fixtures/plugins/ExampleGoldRule` (holds `libExampleGoldRule.so`).
    static func exampleDirectory() throws -> URL {
        try example.get()
    }

    private static func build(_ name: String) throws -> URL {
        let package = TestPaths.fixturePackage(name)
        let products = package.appendingPathComponent(".build/debug")
        if ProcessInfo.processInfo.environment["ASSAY_FIXTURE_PLUGINS_PREBUILT"] == "1" { return products }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--package-path", package.path, "-c", "debug"]
        let log = package.appendingPathComponent(".build-log.txt")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw BuildError(description: "swift build of \(package.path) failed:\n\(text.suffix(4000))")
        }
        return products
    }
}
