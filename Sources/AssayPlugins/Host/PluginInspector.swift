import Foundation

/// One line of `assay plugins list` / the answer of `assay plugins inspect`.
public struct PluginListing: Sendable {
    /// The file (path, digest, origin); nil when it could not even be read.
    public let file: PluginFile?
    /// Path as found.
    public let path: String
    /// Whether the allowlist admits it (true when there is no allowlist).
    public let allowed: Bool
    /// The plugin's metadata, or why it could not be loaded.
    public let result: Result<LoadedPlugin, PluginLoadError>
}

/// Looks at plugin files without running any rule: for `assay plugins list` and `assay plugins inspect`.
public enum PluginInspector {
    /// Every plugin in the search paths. Built-in ones are loaded in process, external ones in a rule
    /// runner; refused (untrusted) ones are hashed but not loaded. Never throws: problems are per listing.
    public static func list(
        searchPaths: PluginSearchPaths, configuration: PluginConfiguration = PluginConfiguration(),
        runnerExecutable: URL = PluginHost.defaultRunnerExecutable
    ) -> [PluginListing] {
        searchPaths.candidateFiles().map { candidate in
            inspect(candidate.url, origin: candidate.origin, configuration: configuration, runnerExecutable: runnerExecutable)
        }
    }

    /// One file. `isolation` nil means the origin's default (in process for built-in, runner for external).
    public static func inspect(
        _ url: URL, origin: PluginOrigin = .external, isolation: RuleIsolation? = nil,
        configuration: PluginConfiguration = PluginConfiguration(), runnerExecutable: URL = PluginHost.defaultRunnerExecutable
    ) -> PluginListing {
        let path = url.resolvingSymlinksInPath().path
        let file: PluginFile
        do {
            file = try PluginFile.hash(url, origin: origin)
        } catch {
            return PluginListing(file: nil, path: path, allowed: false, result: .failure(error))
        }
        let allowed = configuration.trustedDigests?.contains(file.digest) ?? true
        guard allowed else {
            return PluginListing(file: file, path: path, allowed: false, result: .failure(.untrusted(path: path, digest: file.digest.hex)))
        }
        switch isolation ?? (origin == .builtIn ? .inProcess : .runner) {
        case .inProcess:
            do {
                let library = try PluginLibrary.load(path: path, expecting: file.digest)
                let plugin = LoadedPlugin(
                    file: file, abiVersion: library.abiVersion, toolchain: library.toolchain, rules: library.descriptors, isolation: .inProcess)
                return PluginListing(file: file, path: path, allowed: true, result: .success(plugin))
            } catch {
                return PluginListing(file: file, path: path, allowed: true, result: .failure(error))
            }
        case .runner:
            do {
                let runner = try RunnerProcess(executable: runnerExecutable, plugin: file, timeout: configuration.loadTimeoutSeconds)
                defer { runner.terminate() }
                let hello = runner.hello
                let plugin = LoadedPlugin(
                    file: file, abiVersion: hello.abiVersion, toolchain: hello.toolchain, rules: hello.rules, isolation: .runner)
                return PluginListing(file: file, path: path, allowed: true, result: .success(plugin))
            } catch {
                return PluginListing(file: file, path: path, allowed: true, result: .failure(error))
            }
        }
    }
}
