import AssayCrypto
import AssayModel
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// A real server on a loopback port over a real SQLite file, with one token per role (two admins).
struct ServerFixture: Sendable {
    let folder: URL
    let store: SQLiteStore
    let ingest: String
    let reviewer: String
    let admin: String
    let otherAdmin: String
    var configuration: ServerConfiguration

    init(busyTimeout: Duration = SQLiteStore.defaultBusyTimeout, configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore(path: folder.appendingPathComponent("assay.sqlite").path, busyTimeout: busyTimeout)
        ingest = try store.createToken(name: "platform", role: .ingest, actor: "test").secret
        reviewer = try store.createToken(name: "alice", role: .reviewer, actor: "test").secret
        admin = try store.createToken(name: "ops", role: .admin, actor: "test").secret
        otherAdmin = try store.createToken(name: "ops2", role: .admin, actor: "test").secret
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        self.configuration = configuration
    }

    /// Records a finished run with a trusted and a flagged annotator, as a cleaning run would.
    func seedRun(id: String = "run-seed") throws {
        let output = folder.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try Data("<html><body>report of \(id)</body></html>".utf8).write(to: output.appendingPathComponent("report.html"))
        try Data("{}\n".utf8).write(to: output.appendingPathComponent("dataset.jsonl"))
        try store.recordRun(
            RunRecord(
                runID: id, snapshot: "snap-\(id)", snapshotDigest: String(repeating: "0", count: 64), startedAt: .now, finishedAt: .now,
                actor: "test", output: output.path, summary: #"{"ratings":3}"#),
            annotators: [
                AnnotatorRunOutcome(annotatorID: "ann-good", weight: 0.9, status: "trusted", goldCorrect: 3, goldTotal: 4),
                AnnotatorRunOutcome(
                    annotatorID: "ann-bad", weight: 0.2, status: "flagged", goldCorrect: 0, goldTotal: 4,
                    findings: #"[{"rule":"speed","summary":"median 300 ms per task"}]"#),
            ])
    }

    /// Runs `body` against the live server.
    func withServer<T: Sendable>(
        launcher: (any RunLauncher)? = nil, releaseKey: Ed25519PrivateKey? = nil, _ body: @Sendable (any TestClientProtocol) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "assay.test")
        logger.logLevel = .warning
        let service = AssayService(
            store: store, configuration: configuration, launcher: launcher, runsDirectory: folder.appendingPathComponent("runs"),
            releaseSigningKey: releaseKey, logger: logger)
        return try await service.makeApplication().test(.live) { client in try await body(client) }
    }

    func remove() {
        try? FileManager.default.removeItem(at: folder)
    }
}

/// A stand-in for the cleaning run: writes a report and records a run with one flagged annotator.
struct FakeLauncher: RunLauncher {
    let store: SQLiteStore

    func run(_ request: RunStartRequest, progress: @escaping @Sendable (String) -> Void) throws -> String {
        progress("snapshot: fake")
        try FileManager.default.createDirectory(at: request.outputDirectory, withIntermediateDirectories: true)
        try Data("<html>fake report</html>".utf8).write(to: request.outputDirectory.appendingPathComponent("report.html"))
        let runID = "run-" + request.outputDirectory.lastPathComponent
        try store.recordRun(
            RunRecord(
                runID: runID, snapshot: request.snapshot ?? "auto", snapshotDigest: String(repeating: "1", count: 64), startedAt: .now,
                finishedAt: .now, actor: request.actor, output: request.outputDirectory.path, summary: "{}"),
            annotators: [AnnotatorRunOutcome(annotatorID: "ann-x", weight: 0.1, status: "flagged", goldCorrect: 0, goldTotal: 0)])
        progress("outputs: written")
        return runID
    }
}

/// Contract-v1 test ratings.
enum Ratings {
    /// A pairwise rating; the first of an item carries its texts.
    static func pairwise(_ id: String, annotator: String = "ann-good", item: String = "cmp-1", choice: String = "a", carryItem: Bool = true)
        -> String
    {
        let texts =
            carryItem ? #","prompt":"Which is better?","responses":[{"id":"a","text":"first"},{"id":"b","text":"second"}]"# : ""
        return
            #"{"rating_id":"\#(id)","annotator_id":"\#(annotator)","item_id":"\#(item)","kind":"pairwise"\#(texts),"choice":"\#(choice)","submitted_at":"2026-11-20T10:00:00Z"}"#
    }

    /// `count` valid ratings as JSON Lines, ids `prefix-0…`, spread over items.
    static func lines(_ prefix: String, count: Int) -> String {
        (0..<count).map { pairwise("\(prefix)-\($0)", annotator: "ann-\($0 % 7)", item: "\(prefix)-item-\($0 % 50)") }.joined(separator: "\n")
    }
}

/// Request helpers.
extension TestClientProtocol {
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, body: String? = nil, bytes: [UInt8]? = nil,
        contentType: String? = nil, headers extra: [(String, String)] = []
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "Bearer \(token)" }
        if let contentType { headers[.contentType] = contentType }
        for (name, value) in extra { headers[.init(name)!] = value }
        let buffer: ByteBuffer? = bytes.map { ByteBuffer(bytes: $0) } ?? body.map { ByteBuffer(string: $0) }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer)
    }
}

extension TestResponse {
    /// The body parsed as JSON (null when it is not JSON).
    var json: JSONValue { (try? JSONParser.parse(Array(body.readableBytesView))) ?? .null }
    var text: String { String(buffer: body) }
}

extension JSONValue {
    var string: String? { if case .string(let text) = self { return text } else { return nil } }
    var int: Int? { if case .number(let number) = self { return Int(number) } else { return nil } }
    var array: [JSONValue] { if case .array(let values) = self { return values } else { return [] } }
}
