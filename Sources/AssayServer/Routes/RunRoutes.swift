import AssayAttestation
import AssayModel
import AssayStore
import Foundation
import Hummingbird

/// Cleaning runs and releases: `POST /v1/runs`, `GET /v1/runs`, `GET /v1/runs/{id}` (a job or a
/// recorded run), its report and files, `POST /v1/runs/{id}/release`, `GET /v1/releases/{id}`,
/// `POST /v1/releases/{id}/approve` (two-person rule; freezes and signs through ``ReleaseDesk``), and an approved
/// release's frozen files and attestation.
struct RunRoutes {
    let store: ServiceStore
    let jobs: RunJobs
    let releases: ReleaseDesk
    let runsDirectory: URL

    func register(on router: Router<AssayRequestContext>) {
        router.post("/v1/runs") { request, context in try await start(request, context: context) }
        router.get("/v1/runs") { _, context in try await list(context: context) }
        router.get("/v1/runs/:id") { _, context in try await show(context: context) }
        router.get("/v1/runs/:id/report") { _, context in try await file(context: context, name: "report.html") }
        router.get("/v1/runs/:id/files") { _, context in try await files(context: context) }
        router.get("/v1/runs/:id/files/:name") { _, context in
            try await file(context: context, name: try context.parameters.require("name"))
        }
        router.post("/v1/runs/:id/release") { request, context in try await requestRelease(request, context: context) }
        router.get("/v1/releases") { _, context in try await releases(context: context) }
        router.get("/v1/releases/:id") { _, context in try await release(context: context) }
        router.post("/v1/releases/:id/approve") { request, context in try await approve(request, context: context) }
        router.get("/v1/releases/:id/attestation") { _, context in try await releaseAttestation(context: context) }
        router.get("/v1/releases/:id/files/:name") { _, context in
            try await releaseFile(context: context, name: try context.parameters.require("name"))
        }
    }

    func start(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let body = try await JSONBody.object(request, limit: 16 << 10, allowed: ["snapshot"])
        let snapshot = try JSONBody.optionalString(body, "snapshot")
        if let snapshot {
            do { _ = try await store.run { try $0.snapshot(named: snapshot) } } catch let error as APIError {
                throw error
            } catch {
                throw APIError.notFound("no snapshot named \"\(snapshot)\"")
            }
        }
        guard let job = try await jobs.start(snapshot: snapshot, runsDirectory: runsDirectory, actor: caller.name) else {
            throw APIError(
                .conflict, "runs_unavailable",
                "this server was started without a signing key, so it cannot start runs: restart it with 'assay serve --key PRIVATE.pem'")
        }
        var headers = HTTPFields()
        headers[.location] = "/v1/runs/\(job.jobID)"
        return JSONResponse.make(jobs.json(job), status: .accepted, headers: headers)
    }

    func list(context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        return JSONResponse.make(.object([("runs", .array(try await store.run { try $0.runs() }.map(Self.json)))]))
    }

    func show(context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let id = try context.parameters.require("id")
        if let job = try await jobs.find(id) {
            var value = jobs.json(job)
            if let runID = job.runID, let run = try await store.run({ try $0.runs() }).first(where: { $0.runID == runID }),
                case .object(var members) = value
            {
                members.append(("run", Self.json(run)))
                value = .object(members)
            }
            return JSONResponse.make(value)
        }
        return JSONResponse.make(Self.json(try await run(id)))
    }

    func files(context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let run = try await run(try context.parameters.require("id"))
        let names = try await store.offload { OutputFile.names(in: run.output) }
        return JSONResponse.make(.object([("run_id", .string(run.runID)), ("files", .array(names.map { .string($0) }))]))
    }

    /// One output file, streamed; a symbolic link (or a run folder that is one) is not served.
    func file(context: AssayRequestContext, name: String) async throws -> Response {
        _ = try context.require(.admin)
        let run = try await run(try context.parameters.require("id"))
        guard let file = try await store.offload({ OutputFile.open(folder: run.output, name: name) }) else {
            throw APIError.notFound("run \(run.runID) has no output file \"\(name)\" (see /v1/runs/\(run.runID)/files)")
        }
        var headers = HTTPFields()
        headers[.contentType] = Self.mediaType(name)
        return Response(status: .ok, headers: headers, body: file.body(on: store))
    }

    func requestRelease(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let runID = try context.parameters.require("id")
        let body = try await JSONBody.object(request, limit: 16 << 10, allowed: ["note"])
        let note = try JSONBody.optionalString(body, "note") ?? ""
        do {
            let release = try await store.run { try $0.requestRelease(runID: runID, actor: caller.name, note: note) }
            var headers = HTTPFields()
            headers[.location] = "/v1/releases/\(release.releaseID)"
            return JSONResponse.make(Self.json(release), status: .created, headers: headers)
        } catch let error as ReleaseError {
            throw Self.apiError(error)
        }
    }

    func releases(context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        return JSONResponse.make(.object([("releases", .array(try await store.run { try $0.releases() }.map(Self.json)))]))
    }

    func release(context: AssayRequestContext) async throws -> Response {
        _ = try context.require(.admin)
        let id = try context.parameters.require("id")
        guard let release = try await store.run({ try $0.release(id) }) else { throw APIError.notFound("no release \"\(id)\"") }
        return JSONResponse.make(Self.json(release, frozen: try await releases.frozen(release)))
    }

    /// `GET /v1/releases/{id}/attestation`: the signed release attestation (DSSE), for `assay verify --release`.
    func releaseAttestation(context: AssayRequestContext) async throws -> Response {
        let frozen = try await frozenRelease(context: context)
        let folder = frozen.attestation.deletingLastPathComponent().path
        let name = frozen.attestation.lastPathComponent
        guard let file = try await store.offload({ OutputFile.open(folder: folder, name: name) }) else {
            throw APIError.notFound("the release attestation \(name) is missing")
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: file.body(on: store))
    }

    /// `GET /v1/releases/{id}/files/{name}`: a file of the frozen run output (those the run signed, and its attestation).
    func releaseFile(context: AssayRequestContext, name: String) async throws -> Response {
        let frozen = try await frozenRelease(context: context)
        let allowed = try await store.offload { try DirectoryListing.files(in: frozen.folder) }
        guard allowed.contains(name), let file = try await store.offload({ OutputFile.open(folder: frozen.folder.path, name: name) }) else {
            throw APIError.notFound("release has no file \"\(name)\"")
        }
        var headers = HTTPFields()
        headers[.contentType] = Self.mediaType(name)
        return Response(status: .ok, headers: headers, body: file.body(on: store))
    }

    private func frozenRelease(context: AssayRequestContext) async throws -> ReleaseArchive.FrozenRelease {
        _ = try context.require(.admin)
        let id = try context.parameters.require("id")
        guard let release = try await store.run({ try $0.release(id) }) else { throw APIError.notFound("no release \"\(id)\"") }
        guard let frozen = try await releases.frozen(release) else {
            throw APIError.notFound(
                release.approvedBy == nil
                    ? "release \"\(id)\" is not approved yet" : "release \"\(id)\" was approved without a signing key: nothing was frozen")
        }
        return frozen
    }

    func approve(_ request: Request, context: AssayRequestContext) async throws -> Response {
        let caller = try context.require(.admin)
        let id = try context.parameters.require("id")
        let body = try await JSONBody.object(request, limit: 16 << 10, allowed: ["note"])
        let note = try JSONBody.optionalString(body, "note") ?? ""
        do {
            let approved = try await releases.approve(id, actor: caller.name, note: note)
            return JSONResponse.make(Self.json(approved, frozen: try await releases.frozen(approved)))
        } catch let error as ReleaseError {
            throw Self.apiError(error)
        }
    }

    // MARK: Helpers

    /// A recorded run by its run id, or by the id of the job that produced it.
    private func run(_ id: String) async throws -> RunRecord {
        let runID = try await jobs.find(id)?.runID ?? id
        guard let run = try await store.run({ try $0.runs() }).first(where: { $0.runID == runID }) else {
            throw APIError.notFound("no run or job \"\(id)\"")
        }
        return run
    }

    static func mediaType(_ name: String) -> String {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".md") { return "text/markdown; charset=utf-8" }
        if name.hasSuffix(".jsonl") { return "application/x-ndjson" }
        if name.hasSuffix(".json") { return "application/json" }
        return "application/octet-stream"
    }

    static func apiError(_ error: ReleaseError) -> APIError {
        switch error {
        case .runNotFound, .releaseNotFound: return APIError.notFound(error.description)
        case .alreadyApproved: return APIError.conflict(error.description)
        case .sameApprover: return APIError(.forbidden, "two_person_rule", error.description)
        }
    }

    static func json(_ run: RunRecord) -> JSONValue {
        .object([
            ("run_id", .string(run.runID)), ("snapshot", .string(run.snapshot)), ("snapshot_digest", .string(run.snapshotDigest)),
            ("started_at", .string(run.startedAt.description)), ("finished_at", .string(run.finishedAt.description)),
            ("actor", .string(run.actor)), ("summary", .parsedOrString(run.summary)), ("state", .string("succeeded")),
        ])
    }

    /// A release as the API shows it; `frozen` (with the attestation's and files' paths) once it is frozen.
    static func json(_ release: Release, frozen: ReleaseArchive.FrozenRelease?) -> JSONValue {
        guard case .object(var members) = json(release) else { return json(release) }
        members.append(("frozen", .bool(frozen != nil)))
        if let frozen {
            members.append(("attestation", .string("/v1/releases/\(release.releaseID)/attestation")))
            members.append(("run_attestation_sha256", .string(frozen.runEnvelopeDigest)))
        }
        return .object(members)
    }

    static func json(_ release: Release) -> JSONValue {
        .object([
            ("release_id", .string(release.releaseID)), ("run_id", .string(release.runID)), ("status", .string(release.status)),
            ("requested_by", .string(release.requestedBy)), ("requested_at", .string(release.requestedAt.description)),
            ("note", .string(release.note)), ("approved_by", .optional(release.approvedBy)),
            ("approved_at", .optional(release.approvedAt?.description)), ("approval_note", .optional(release.approvalNote)),
        ])
    }
}
