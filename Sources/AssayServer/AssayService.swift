import AssayAttestation
import AssayCrypto
import AssayStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP service (`assay serve`): Hummingbird 2 on one store.
///
/// Requests never block Swift concurrency's cooperative threads: every store call and file
/// read goes through a ``ServiceStore`` onto a ``StoreExecutor`` lane, and ingests and runs are
/// bounded (429 with `Retry-After` past ``ServerConfiguration/maxConcurrentIngests`` and
/// ``ServerConfiguration/maxConcurrentRuns``).
///
/// ```swift
/// let service = AssayService(store: try SQLiteStore(path: "assay.sqlite"), configuration: ServerConfiguration())
/// try await service.makeApplication().runService()   // until SIGTERM or SIGINT
/// ```
public struct AssayService: Sendable {
    public let store: any AssayStore
    public let configuration: ServerConfiguration
    public let metrics: ServiceMetrics
    public let launcher: (any RunLauncher)?
    /// Where runs started over HTTP write their outputs (one folder per job).
    public let runsDirectory: URL
    /// Where approved releases are frozen (``ReleaseArchive``; default `releases/` beside the store).
    public let releasesDirectory: URL
    /// Signs release attestations; without it an approval is recorded but nothing is frozen.
    public let releaseSigningKey: Ed25519PrivateKey?
    public let logger: Logger

    public init(
        store: any AssayStore, configuration: ServerConfiguration, launcher: (any RunLauncher)? = nil, runsDirectory: URL? = nil,
        releasesDirectory: URL? = nil, releaseSigningKey: Ed25519PrivateKey? = nil, metrics: ServiceMetrics = ServiceMetrics(),
        logger: Logger = Logger(label: "assay.serve")
    ) {
        self.store = store
        self.configuration = configuration
        self.launcher = launcher
        self.runsDirectory =
            runsDirectory ?? (store.location.folder ?? URL(fileURLWithPath: ".assay")).appendingPathComponent("runs")
        self.releasesDirectory =
            releasesDirectory ?? (store.location.folder ?? URL(fileURLWithPath: ".assay")).appendingPathComponent("releases")
        self.releaseSigningKey = releaseSigningKey
        self.metrics = metrics
        self.logger = logger
    }

    /// The router with every endpoint and the request middleware, its blocking work on `executor`.
    public func makeRouter(executor: StoreExecutor) -> Router<AssayRequestContext> {
        makeParts(executor: executor).router
    }

    /// The application: HTTP/1.1 on the configured address, idle connections closed; the
    /// executor's threads start now and stop after the server has stopped. Jobs that a previous
    /// server left running are marked interrupted first; on SIGTERM or SIGINT the server stops
    /// taking requests, then waits for its running cleaning runs.
    /// - Parameter onServerRunning: called with the bound port once the server listens.
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let idle = configuration.idleTimeout.components
        let executor = StoreExecutor(requestThreads: configuration.storeThreads, ingestThreads: configuration.maxConcurrentIngests)
        // Once, before the server listens: no job of this server exists yet.
        do {
            let interrupted = try store.interruptUnfinishedJobs()
            if !interrupted.isEmpty {
                logger.notice("marked cleaning runs of a stopped server as interrupted", metadata: ["jobs": "\(interrupted)"])
            }
        } catch {
            logger.error("cannot mark interrupted cleaning runs", metadata: ["error": "\(error)"])
        }
        let parts = makeParts(executor: executor)
        return Application(
            router: parts.router,
            server: .http1(configuration: .init(idleTimeout: .seconds(idle.seconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "assay"),
            services: [StoreExecutorService(executor: executor), RunJobsService(jobs: parts.jobs, logger: logger)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }

    /// The console's key, read or created (Docs/console.md); a failure leaves the console answering 503.
    public func consoleKey() -> Result<ConsoleKey, ConsoleKeyError> {
        // Beside a SQLite file; for a database server, in the working directory (give every node the same file).
        let path =
            configuration.consoleSecretFile
            ?? store.location.folder.map { _ in ConsoleKey.defaultPath(forStore: store.location.description) } ?? ".assay/console-key"
        if configuration.consoleSecretFile == nil {
            try? FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        }
        do { return .success(try ConsoleKey.loadOrCreate(path: path)) } catch let error as ConsoleKeyError {
            logger.error("console disabled", metadata: ["error": .string(error.description)])
            return .failure(error)
        } catch {
            return .failure(ConsoleKeyError(path: path, reason: "\(error)"))
        }
    }

    private func makeParts(executor: StoreExecutor) -> (router: Router<AssayRequestContext>, jobs: RunJobs) {
        let router = Router(context: AssayRequestContext.self)
        let store = ServiceStore(store: self.store, executor: executor)
        let authenticator = TokenAuthenticator(store: store)
        let cache = StandingsCache(store: store, ttl: configuration.standingsTTL)
        router.add(middleware: RequestMiddleware(authenticator: authenticator, metrics: metrics))
        SystemRoutes(store: store, metrics: metrics, metricsRequireToken: configuration.metricsRequireToken).register(on: router)
        let ingests = ConcurrencyLimit("ingests", limit: configuration.maxConcurrentIngests, retryAfter: 1)
        RatingsRoutes(
            ingest: RatingsIngest(store: store, source: configuration.source), configuration: configuration, metrics: metrics,
            limit: ingests
        ).register(on: router)
        LabelStudioRoutes(
            ingest: RatingsIngest(store: store, source: "label-studio"), auth: LabelStudioWebhookAuth(secret: configuration.labelStudioSecret),
            configuration: configuration, metrics: metrics, limit: ingests
        ).register(on: router)
        AnnotatorRoutes(store: store, cache: cache).register(on: router)
        AuditRoutes(store: store).register(on: router)
        let jobs = RunJobs(
            launcher: launcher, store: store, metrics: metrics,
            limit: ConcurrencyLimit("cleaning runs", limit: configuration.maxConcurrentRuns, retryAfter: 30), onFinish: { cache.invalidate() })
        let releases = ReleaseDesk(
            store: store, archive: ReleaseArchive(root: releasesDirectory), signingKey: releaseSigningKey, logger: logger)
        RunRoutes(store: store, jobs: jobs, releases: releases, runsDirectory: runsDirectory).register(on: router)
        ConsoleRoutes(
            store: store, releases: releases, cache: cache, authenticator: authenticator, key: consoleKey(),
            lifetime: configuration.consoleSessionLifetime,
            logger: logger
        ).register(on: router)
        return (router, jobs)
    }
}
