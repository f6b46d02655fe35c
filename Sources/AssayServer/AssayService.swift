import AssayStore
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The HTTP service (`assay serve`): Hummingbird 2 on one store.
///
/// ```swift
/// let service = AssayService(store: try SQLiteStore(path: "assay.sqlite"), configuration: ServerConfiguration())
/// try await service.makeApplication().runService()   // until SIGTERM or SIGINT
/// ```
public struct AssayService: Sendable {
    public let store: SQLiteStore
    public let configuration: ServerConfiguration
    public let metrics: ServiceMetrics
    public let launcher: (any RunLauncher)?
    /// Where runs started over HTTP write their outputs (one folder per job).
    public let runsDirectory: URL
    public let logger: Logger

    public init(
        store: SQLiteStore, configuration: ServerConfiguration, launcher: (any RunLauncher)? = nil, runsDirectory: URL? = nil,
        metrics: ServiceMetrics = ServiceMetrics(), logger: Logger = Logger(label: "assay.serve")
    ) {
        self.store = store
        self.configuration = configuration
        self.launcher = launcher
        self.runsDirectory =
            runsDirectory ?? URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("runs")
        self.metrics = metrics
        self.logger = logger
    }

    /// The router with every endpoint and the request middleware.
    public func makeRouter() -> Router<AssayRequestContext> {
        let router = Router(context: AssayRequestContext.self)
        let authenticator = TokenAuthenticator(store: store)
        let cache = StandingsCache(store: store, ttl: configuration.standingsTTL)
        router.add(middleware: RequestMiddleware(authenticator: authenticator, metrics: metrics))
        SystemRoutes(store: store, metrics: metrics, metricsRequireToken: configuration.metricsRequireToken).register(on: router)
        RatingsRoutes(ingest: RatingsIngest(store: store, source: configuration.source), configuration: configuration, metrics: metrics)
            .register(on: router)
        AnnotatorRoutes(desk: ReviewDesk(store: store), cache: cache).register(on: router)
        AuditRoutes(store: store).register(on: router)
        let jobs = RunJobs(launcher: launcher, metrics: metrics, onFinish: { cache.invalidate() })
        RunRoutes(store: store, jobs: jobs, runsDirectory: runsDirectory).register(on: router)
        return router
    }

    /// The application: HTTP/1.1 on the configured address, idle connections closed.
    /// - Parameter onServerRunning: called with the bound port once the server listens.
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let idle = configuration.idleTimeout.components
        return Application(
            router: makeRouter(),
            server: .http1(configuration: .init(idleTimeout: .seconds(idle.seconds))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "assay"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
