import ArgumentParser
import AssayClean
import AssayPlugins
import Foundation

/// Options shared by the plugin commands (and by the cleaning run): where plugins and the config come from.
struct PluginOptions: ParsableArguments {
    @Option(name: .customLong("plugins"), help: ArgumentHelp("A directory of rule plugins (*.so); repeatable.", valueName: "dir"))
    var pluginDirectories: [String] = []

    @Option(name: .customLong("config"), help: ArgumentHelp("The JSON config file (trusted_plugins, plugin_dirs, rules…).", valueName: "file"))
    var configFile: String?

    /// The plugin part of the configuration from `--config`, or the defaults. The whole file is read and checked
    /// as `assay clean` reads it (one schema: `policy` is accepted, and a mistake in it is refused here too).
    func configuration() throws -> PluginConfiguration {
        guard let configFile else { return PluginConfiguration() }
        return try RunConfiguration.load(URL(fileURLWithPath: configFile)).plugins
    }

    /// Built-in locations, then `--plugins`, then `plugin_dirs`.
    func searchPaths(_ configuration: PluginConfiguration) -> PluginSearchPaths {
        .standard(extra: pluginDirectories.map { URL(fileURLWithPath: $0) } + configuration.pluginDirectories)
    }
}

/// `assay plugins`: look at the rule plugins this Assay would load.
struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "List and inspect rule plugins.",
        subcommands: [List.self, Inspect.self]
    )

    /// `assay plugins list`
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every plugin found: rule ids, versions, path, SHA-256, ABI and whether the allowlist admits it.",
            discussion: "Exit status 1 when the config file does not fit the rules found; problems with single plugins are listed, not fatal."
        )

        @OptionGroup var options: PluginOptions

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let configuration = try options.configuration()
            let listings = PluginInspector.list(searchPaths: options.searchPaths(configuration), configuration: configuration)
            if json {
                print(PluginListingFormat.json(listings))
            } else if listings.isEmpty {
                print("No plugins found (searched: \(options.searchPaths(configuration).directories.map(\.url.path).joined(separator: ", "))).")
            } else {
                print(listings.map(PluginListingFormat.text).joined(separator: "\n\n"))
            }
            // The config must also fit the rules found (unknown rule, unknown parameter, wrong type).
            let rules = listings.compactMap { try? $0.result.get() }.flatMap(\.rules)
            try configuration.validate(against: rules)
        }
    }

    /// `assay plugins inspect FILE`
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hash, check and load one plugin file (in a rule runner by default) and describe its rules and parameters."
        )

        @Argument(help: "The plugin file (.so).")
        var file: String

        @Flag(help: "Load it into this process instead of a rule runner.")
        var inProcess = false

        @Option(name: .customLong("config"), help: ArgumentHelp("The JSON config file (for trusted_plugins).", valueName: "file"))
        var configFile: String?

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            let configuration = try PluginOptions.parse(configFile.map { ["--config", $0] } ?? []).configuration()
            let listing = PluginInspector.inspect(
                URL(fileURLWithPath: file), isolation: inProcess ? .inProcess : .runner, configuration: configuration
            )
            print(json ? PluginListingFormat.json([listing]) : PluginListingFormat.text(listing, detailed: true))
            if case .failure = listing.result { throw ExitCode(1) }
        }
    }
}

/// Text and JSON renderings of ``PluginListing``.
enum PluginListingFormat {
    static func text(_ listing: PluginListing) -> String {
        text(listing, detailed: false)
    }

    static func text(_ listing: PluginListing, detailed: Bool) -> String {
        var lines = [listing.path]
        lines.append("  sha256:  \(listing.file?.digest.hex ?? "-")")
        lines.append("  origin:  \(listing.file?.origin.description ?? "-")")
        lines.append("  allowed: \(listing.allowed ? "yes" : "no")")
        switch listing.result {
        case .success(let plugin):
            lines.append(
                "  abi:     \(plugin.abiVersion) (\(plugin.toolchain)), loads \(plugin.isolation == .inProcess ? "in process" : "in a rule runner")")
            for rule in plugin.rules {
                lines.append("  rule:    \(rule.id) \(rule.version) — \(rule.summary)")
                if detailed {
                    for parameter in rule.parameters {
                        lines.append("             \(parameter.name): \(parameter.type) = \(parameter.defaultValue) — \(parameter.summary)")
                    }
                }
            }
        case .failure(let error):
            lines.append("  error:   \(error.code): \(error)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ listings: [PluginListing]) -> String {
        let objects: [[String: Any]] = listings.map { listing in
            var object: [String: Any] = [
                "path": listing.path,
                "sha256": listing.file?.digest.hex ?? NSNull(),
                "origin": listing.file?.origin.rawValue ?? NSNull(),
                "allowed": listing.allowed,
            ]
            switch listing.result {
            case .success(let plugin):
                object["abi"] = Int(plugin.abiVersion)
                object["toolchain"] = plugin.toolchain
                object["rules"] = plugin.rules.map { rule in
                    [
                        "id": rule.id, "version": rule.version, "summary": rule.summary,
                        "parameters": rule.parameters.map { ["name": $0.name, "type": $0.type.description, "default": $0.defaultValue.description] },
                    ] as [String: Any]
                }
            case .failure(let error):
                object["error"] = ["code": error.code, "message": error.description]
            }
            return object
        }
        let data =
            (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
