import ArgumentParser
import AssayCrypto
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import Logging

/// `assay serve`: the HTTP service (Docs/service.md).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the HTTP service: ingest, trust lookups, review, runs and releases.",
        discussion: "Stops gracefully on SIGTERM or SIGINT: no new connections, in-flight requests finish, the store is closed.")

    @OptionGroup var store: StoreOptions

    @Option(help: "Address to bind.")
    var host: String?

    @Option(help: "Port to bind (0: any free port; the bound one is printed).")
    var port: Int?

    @Option(help: ArgumentHelp("A JSON server configuration (Docs/service.md).", valueName: "FILE"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "Ed25519 private key that signs runs started with POST /v1/runs and the attestations of approved releases (without it, runs are refused and approved releases are not frozen).",
            valueName: "PEM"))
    var key: String?

    @Option(help: ArgumentHelp("Cleaning configuration for runs started over HTTP.", valueName: "FILE"))
    var cleanConfig: String?

    @Option(name: .customLong("plugins"), help: ArgumentHelp("A rule plugin directory for runs (repeatable).", valueName: "DIR"))
    var pluginDirectories: [String] = []

    @Option(
        help: ArgumentHelp(
            "Where runs started with POST /v1/runs write their outputs (default: runs/ beside a SQLite store, .assay/runs for PostgreSQL).",
            valueName: "DIR"))
    var runsDir: String?

    @Option(
        help: ArgumentHelp(
            "The console's session key (32+ random bytes, mode 0600), the same on every node (default: DB.console-key, created on first start).",
            valueName: "FILE"))
    var consoleSecretFile: String?

    @Option(help: ArgumentHelp("How long a console session lasts after sign-in, in hours.", valueName: "HOURS"))
    var consoleSessionHours: Int = 8

    @Option(
        name: .customLong("label-studio-secret-file"),
        help: ArgumentHelp(
            "A file whose first line is the secret a Label Studio webhook may send in X-Assay-Webhook-Secret instead of a token (Docs/label-studio.md).",
            valueName: "FILE"))
    var labelStudioSecretFile: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func run() async throws {
        var configuration = try config.map { try ServerConfiguration.load(URL(fileURLWithPath: $0)) } ?? ServerConfiguration()
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        guard (1...24 * 30).contains(consoleSessionHours) else { throw ValidationError("--console-session-hours must be 1…720") }
        configuration.consoleSecretFile = consoleSecretFile
        configuration.consoleSessionLifetime = .seconds(consoleSessionHours * 3600)
        if let labelStudioSecretFile { configuration.labelStudioSecret = try Self.secret(labelStudioSecretFile) }
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level: unknown level \(logLevel)") }
        var logger = Logger(label: "assay.serve")
        logger.logLevel = level
        // On PostgreSQL: a connection for every request and ingest lane, every run, and the probe lane.
        let connections = configuration.storeThreads + configuration.maxConcurrentIngests + configuration.maxConcurrentRuns + 1
        let store = try store.open(busyTimeout: configuration.busyTimeout, poolSize: connections)
        let signingKey = try key.map { try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: $0)) }
        let service = AssayService(
            store: store, configuration: configuration, launcher: try makeLauncher(store: store),
            runsDirectory: runsDir.map { URL(fileURLWithPath: $0) }, releaseSigningKey: signingKey, logger: logger)
        // Fail at start, not on the first console request, when the console's key cannot be read or made.
        if case .failure(let error) = service.consoleKey() {
            Console.error("assay serve: \(error.description)")
            throw ExitCode(1)
        }
        let host = configuration.host
        let app = service.makeApplication { port in
            FileHandle.standardOutput.write(Data("assay serve: listening on http://\(host):\(port)\n".utf8))
        }
        try await app.runService()
    }

    /// The first line of `path`, at least 16 characters.
    static func secret(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--label-studio-secret-file: cannot read \(path)")
        }
        let secret = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard secret.count >= 16 else {
            throw ValidationError("--label-studio-secret-file: the secret in \(path) must be at least 16 characters (e.g. openssl rand -hex 24)")
        }
        return secret
    }

    private func makeLauncher(store: any AssayStore) throws -> (any RunLauncher)? {
        guard let key else { return nil }
        return CleaningRunLauncher(
            store: store, signingKey: try Ed25519PrivateKey(contentsOf: URL(fileURLWithPath: key)),
            configFile: cleanConfig.map { URL(fileURLWithPath: $0) }, pluginDirectories: pluginDirectories.map { URL(fileURLWithPath: $0) })
    }
}
