import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real PostgreSQL server for tests, started once per test process and stopped when it exits.
///
/// `initdb` makes a fresh cluster in a temporary folder owned by the `postgres` user (tests run as
/// root here; PostgreSQL refuses to run as root, so the server runs as `postgres` through
/// `runuser`), and `pg_ctl start` runs it on a free loopback port with trust authentication,
/// its Unix socket in that folder. Each test (or suite) takes a database of its own
/// (``createDatabase(_:)``), so tests never see each other's rows and the server starts only once.
///
/// ```swift
/// let url = try TestPostgres.shared().createDatabase()   // postgresql://postgres@127.0.0.1:PORT/assay_test_1
/// ```
///
/// The binaries are found on `PATH` (`initdb`) or under `/usr/lib/postgresql/*/bin` (Debian's
/// `postgresql` package; `.ci/run` installs it). Without them ``shared()`` throws
/// ``TestPostgresError/notInstalled``.
public final class TestPostgres: Sendable {
    /// The loopback port the server listens on.
    public let port: Int
    /// The cluster's folder (data, log and socket).
    public let folder: String
    /// The folder holding `initdb`, `pg_ctl`, `psql`.
    public let binaries: String
    private let counter = Counter()

    /// The process's one server, started on first use.
    public static func shared() throws -> TestPostgres {
        try sharedServer.get()
    }

    private static let sharedServer: Result<TestPostgres, TestPostgresError> = {
        let result: Result<TestPostgres, TestPostgresError>
        do {
            result = .success(try TestPostgres.start())
        } catch let error as TestPostgresError {
            result = .failure(error)
        } catch {
            result = .failure(.failed("start", "\(error)"))
        }
        if case .success = result { atexit { TestPostgres.stopShared() } }
        return result
    }()

    private static func stopShared() {
        if case .success(let server) = sharedServer { server.stop() }
    }

    private init(port: Int, folder: String, binaries: String) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
    }

    /// Creates a database (a fresh name unless given) and returns its `postgresql://` URL.
    public func createDatabase(_ name: String? = nil) throws -> String {
        let name = name ?? "assay_test_\(getpid())_\(counter.next())"
        let result = try psql("postgres", "CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'")
        guard result.status == 0 else { throw TestPostgresError.failed("CREATE DATABASE \(name)", result.stderr) }
        return url(database: name)
    }

    /// The URL of a database on this server (as the `postgres` superuser, no password).
    public func url(database: String) -> String {
        "postgresql://postgres@127.0.0.1:\(port)/\(database)"
    }

    /// Runs SQL with `psql` as the superuser (e.g. to tamper with rows behind the store's back).
    @discardableResult
    public func psql(_ database: String, _ sql: String) throws -> ProcessResult {
        try ProcessRunner.run(
            binaries + "/psql",
            ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-d", database, "-At", "-c", sql])
    }

    /// Stops the server (`pg_ctl stop -m fast`) and removes its folder.
    public func stop() {
        _ = try? Self.asPostgres(binaries + "/pg_ctl", ["-D", folder + "/data", "-m", "fast", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: folder)
    }

    private static func start() throws -> TestPostgres {
        guard let binaries = findBinaries() else { throw TestPostgresError.notInstalled }
        let folder = NSTemporaryDirectory() + "assay-pg-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            return try start(in: folder, binaries: binaries)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    private static func start(in folder: String, binaries: String) throws -> TestPostgres {
        if getuid() == 0 {
            let chown = try ProcessRunner.run("/bin/chown", ["postgres:postgres", folder])
            guard chown.status == 0 else { throw TestPostgresError.failed("chown \(folder)", chown.stderr) }
        }
        let initdb = try asPostgres(
            binaries + "/initdb", ["-D", folder + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"])
        guard initdb.status == 0 else { throw TestPostgresError.failed("initdb", initdb.stderr + initdb.stdout) }
        var lastError = ""
        for _ in 0..<3 {
            let port = try freePort()
            let options =
                "-c listen_addresses=127.0.0.1 -p \(port) -c unix_socket_directories=\(folder) -c fsync=off -c synchronous_commit=off -c max_connections=200"
            let started = try asPostgres(
                binaries + "/pg_ctl", ["-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60", "-o", options, "start"])
            if started.status == 0 { return TestPostgres(port: port, folder: folder, binaries: binaries) }
            lastError = started.stderr + ((try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? "")
        }
        throw TestPostgresError.failed("pg_ctl start", lastError)
    }

    /// Runs a PostgreSQL binary as the `postgres` user when this process is root.
    ///
    /// Through `posix_spawn` and `waitpid`, not Foundation's `Process`: `pg_ctl start` leaves a
    /// daemon behind, and `Process.waitUntilExit` was seen to hang after such a child had exited.
    private static func asPostgres(_ executable: String, _ arguments: [String]) throws -> ProcessResult {
        let command = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let output = NSTemporaryDirectory() + "assay-pg-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else { throw TestPostgresError.failed(command[0], "posix_spawn: \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let exited = (status & 0x7f) == 0
        return ProcessResult(status: exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), stdout: text, stderr: text)
    }

    /// `initdb`'s folder: from `PATH` (following a symbolic link), else the newest `/usr/lib/postgresql/*/bin`.
    private static func findBinaries() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("initdb")
            guard FileManager.default.isExecutableFile(atPath: candidate.path) else { continue }
            let resolved = candidate.resolvingSymlinksInPath().deletingLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: resolved.appendingPathComponent("pg_ctl").path) { return resolved.path }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let folder = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: folder + "/initdb") { return folder }
        }
        return nil
    }

    /// A loopback port that was free a moment ago (bound to port 0, then released).
    private static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw TestPostgresError.failed("socket", "errno \(errno)") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw TestPostgresError.failed("bind", "errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Why the test server could not be had.
public enum TestPostgresError: Error, Sendable, CustomStringConvertible {
    /// No `initdb` on `PATH` or under `/usr/lib/postgresql/*/bin`.
    case notInstalled
    /// A step failed, with what it printed.
    case failed(String, String)

    public var description: String {
        switch self {
        case .notInstalled: return "PostgreSQL is not installed (apt-get install postgresql; .ci/run does)"
        case .failed(let step, let output): return "test PostgreSQL: \(step) failed: \(output)"
        }
    }
}

/// A thread-safe counter for database names.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
