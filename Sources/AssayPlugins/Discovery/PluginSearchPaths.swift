import Foundation

/// A directory searched for plugins.
public struct PluginDirectory: Sendable, Hashable {
    /// The directory.
    public let url: URL
    /// Plugins found here are built-in or external.
    public let origin: PluginOrigin
    /// Only files whose names start with this prefix are plugins (nil: every `*.so`).
    public let namePrefix: String?
    /// Whether a missing directory is an error (directories the user named) or skipped (built-in guesses).
    public let required: Bool

    /// A plugin directory; by default external ones are required to exist, built-in ones are optional.
    public init(url: URL, origin: PluginOrigin, namePrefix: String? = nil, required: Bool? = nil) {
        self.url = url
        self.origin = origin
        self.namePrefix = namePrefix
        self.required = required ?? (origin == .external)
    }
}

/// The directories to search for plugins, in order.
///
/// Built-in plugins are found with no configuration, relative to the running executable `EXE_DIR`:
/// 1. `EXE_DIR/libAssayRule*.so` — the layout `swift build` produces (`.build/debug/assay` beside
///    `.build/debug/libAssayRuleSpeed.so`);
/// 2. `EXE_DIR/plugins/*.so` — a bundle copied as one folder;
/// 3. `EXE_DIR/../lib/assay/plugins/*.so` — an installed layout (`/usr/local/bin/assay`,
///    `/usr/local/lib/assay/plugins/`).
///
/// External plugins come from `--plugins DIR` (repeatable) and `plugin_dirs` in the config file: every `*.so`
/// there is a plugin. The API library itself (`libAssayPluginAPI.so`) is never taken for a plugin.
public struct PluginSearchPaths: Sendable, Hashable {
    /// All directories, built-in ones first.
    public var directories: [PluginDirectory]

    /// Explicit directories.
    public init(directories: [PluginDirectory]) {
        self.directories = directories
    }

    /// The built-in locations beside `executableDirectory`, then the external `extra` directories.
    public static func standard(executableDirectory: URL = PluginSearchPaths.executableDirectory, extra: [URL] = []) -> PluginSearchPaths {
        var directories = [
            PluginDirectory(url: executableDirectory, origin: .builtIn, namePrefix: "libAssayRule"),
            PluginDirectory(url: executableDirectory.appendingPathComponent("plugins"), origin: .builtIn),
            PluginDirectory(
                url: executableDirectory.deletingLastPathComponent().appendingPathComponent("lib/assay/plugins"), origin: .builtIn
            ),
        ]
        directories += extra.map { PluginDirectory(url: $0, origin: .external) }
        return PluginSearchPaths(directories: directories)
    }

    /// The directory of the running executable (`/proc/self/exe` with symlinks resolved).
    public static var executableDirectory: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// File name of the plugin API library, skipped during discovery.
    public static let apiLibraryName = "libAssayPluginAPI.so"

    /// Required directories (from `--plugins` or `plugin_dirs`) that do not exist.
    public func missingDirectories() -> [URL] {
        directories.filter { $0.required && !FileManager.default.fileExists(atPath: $0.url.path) }.map(\.url)
    }

    /// The plugin files in all directories, each path once (first directory wins), sorted by name within a
    /// directory. Missing directories are skipped; a file given instead of a directory is taken as one plugin.
    public func candidateFiles() -> [(url: URL, origin: PluginOrigin)] {
        var seen: Set<String> = []
        var found: [(URL, PluginOrigin)] = []
        let manager = FileManager.default
        for directory in directories {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory.url.path, isDirectory: &isDirectory) else { continue }
            let files: [URL]
            if isDirectory.boolValue {
                let names = (try? manager.contentsOfDirectory(atPath: directory.url.path)) ?? []
                files = names.sorted()
                    .filter { $0.hasSuffix(".so") && $0 != Self.apiLibraryName }
                    .filter { name in directory.namePrefix.map { name.hasPrefix($0) } ?? true }
                    .map { directory.url.appendingPathComponent($0) }
            } else {
                files = [directory.url]
            }
            for file in files {
                let resolved = file.resolvingSymlinksInPath().path
                if seen.insert(resolved).inserted { found.append((URL(fileURLWithPath: resolved), directory.origin)) }
            }
        }
        return found
    }
}
