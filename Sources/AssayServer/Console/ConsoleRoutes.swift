import AssayStore
import Foundation
import Hummingbird
import Logging

/// The reviewers' console under `/console` (Docs/console.md): sign-in with an API token, the review queue,
/// annotator pages with decisions, runs and releases, as server-rendered HTML that works without JavaScript.
///
/// Every page without a valid session answers 303 to `/console/login`; every POST is refused with 403 unless
/// it carries the session's CSRF token. Decisions go through the same ``ReviewDesk`` as the API, releases
/// through the same store calls (two-person rule), so the audit log records both alike.
struct ConsoleRoutes {
    let store: ServiceStore
    /// Approvals, with the same freezing and signing as the API.
    let releases: ReleaseDesk
    let cache: StandingsCache
    let authenticator: TokenAuthenticator
    /// The signing key, or why there is none (the console then answers 503).
    let key: Result<ConsoleKey, ConsoleKeyError>
    let lifetime: Duration
    let logger: Logger

    /// Sent only over TLS; `assay serve` speaks plain HTTP on loopback behind a proxy, so off.
    let secureCookies = false

    func register(on router: Router<AssayRequestContext>) {
        router.get("/console") { _, _ in ConsoleResponse.redirect("/console/queue") }
        router.get("/console/static/console.css") { _, _ in ConsoleResponse.css(ConsoleStylesheet.css) }
        router.get("/console/login") { request, _ in try await answer(nil) { try loginPage(request, key: $0) } }
        router.post("/console/login") { request, _ in try await answer(nil) { try await login(request, key: $0) } }
        router.get("/console/logout") { _, _ in logout() }
        router.post("/console/logout") { request, _ in
            try await signedIn(request, post: true) { _, _ in logout() }
        }
        router.get("/console/queue") { request, _ in try await signedIn(request) { user, _ in try await queue(request, user: user) } }
        router.get("/console/annotators/:id") { request, context in
            try await signedIn(request) { user, _ in try await annotator(try Self.id(context), user: user, request: request) }
        }
        router.post("/console/annotators/:id/decision") { request, context in
            try await signedIn(request, post: true) { user, form in try await decide(try Self.id(context), form: form, user: user) }
        }
        router.get("/console/runs") { request, _ in try await signedIn(request) { user, _ in try await runs(request, user: user) } }
        router.post("/console/runs/:id/release") { request, context in
            try await signedIn(request, post: true) { user, form in try await requestRelease(try Self.id(context), form: form, user: user) }
        }
        router.get("/console/releases") { request, _ in try await signedIn(request) { user, _ in try await releases(request, user: user) } }
        router.post("/console/releases/:id/approve") { request, context in
            try await signedIn(request, post: true) { user, form in try await approve(try Self.id(context), form: form, user: user) }
        }
    }

    // MARK: Sessions

    /// Runs `body` for a signed-in user (after the CSRF check for a POST); without a valid session, 303 to the login page.
    private func signedIn(
        _ request: Request, post: Bool = false, _ body: @escaping @Sendable (ConsoleUser, ConsoleForm) async throws -> Response
    ) async throws -> Response {
        try await answer(nil) { key in
            guard let user = try await user(request, key: key) else {
                let stale = request.cookies[ConsoleSession.cookieName] != nil
                return ConsoleResponse.redirect(
                    "/console/login", cookies: stale ? [ConsoleResponse.expired(ConsoleSession.cookieName, secure: secureCookies)] : [])
            }
            return try await answer(user) { _ in
                var form = ConsoleForm("")
                if post {
                    form = try await ConsoleForm.read(request)
                    guard ConsoleCSRF.matches(form["csrf"], user.csrf) else {
                        throw ConsoleError.forbidden("this form's CSRF token is missing or wrong; reload the page and send it again")
                    }
                }
                return try await body(user, form)
            }
        }
    }

    /// The user of a request: a session cookie with a valid signature, not expired, whose token is still active
    /// with the same role and may use the console.
    private func user(_ request: Request, key: ConsoleKey) async throws -> ConsoleUser? {
        guard let value = request.cookies[ConsoleSession.cookieName]?.value, let session = ConsoleSession.verify(value, key: key),
            let caller = try await authenticator.caller(tokenID: session.tokenID), caller.role == session.role,
            caller.role == .reviewer || caller.role == .admin
        else { return nil }
        return ConsoleUser(session: session, caller: caller, csrf: session.csrf(key: key))
    }

    /// Runs `body` with the key; a ``ConsoleError`` or ``APIError`` becomes an HTML error page.
    private func answer(_ user: ConsoleUser?, _ body: (ConsoleKey) async throws -> Response) async throws -> Response {
        let key: ConsoleKey
        switch self.key {
        case .success(let value): key = value
        case .failure(let error):
            return page(
                .init(title: "Console unavailable", problem: error.description), "error",
                ErrorBody(message: "the console has no key", back: "/healthz"), status: .serviceUnavailable)
        }
        do {
            return try await body(key)
        } catch let error as ConsoleError {
            return page(
                .init(title: error.status.reasonPhrase, user: user?.frameUser), "error", ErrorBody(message: error.message, back: error.back),
                status: error.status)
        } catch let error as APIError {
            return page(
                .init(title: error.status.reasonPhrase, user: user?.frameUser), "error", ErrorBody(message: error.message, back: "/console/queue"),
                status: error.status)
        }
    }

    private struct ErrorBody: Sendable {
        let message: String
        let back: String
    }

    private func page(_ frame: ConsoleFrame, _ template: String, _ body: Any, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
        ConsoleResponse.html(ConsoleTemplates.render(ConsolePage(frame: frame, body: body), template: template), status: status, cookies: cookies)
    }

    private static func id(_ context: AssayRequestContext) throws -> String {
        let raw = try context.parameters.require("id")
        return raw.removingPercentEncoding ?? raw
    }

    // MARK: Sign-in

    private struct LoginBody: Sendable {
        let csrf: String
        let hours: Int
    }

    private func loginPage(_ request: Request, key: ConsoleKey, problem: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let cookie = ConsoleCSRF.loginCookie(key: key)
        let csrf = ConsoleCSRF.loginToken(cookie: cookie, key: key) ?? ""
        return page(
            .init(title: "Sign in", problem: problem), "login", LoginBody(csrf: csrf, hours: Int(lifetime.components.seconds / 3600)), status: status,
            cookies: [
                ConsoleResponse.cookie(ConsoleCSRF.loginCookieName, value: cookie, maxAge: Int(ConsoleCSRF.loginLifetime), secure: secureCookies)
            ])
    }

    private func login(_ request: Request, key: ConsoleKey) async throws -> Response {
        let form = try await ConsoleForm.read(request)
        let expected = request.cookies[ConsoleCSRF.loginCookieName].flatMap { ConsoleCSRF.loginToken(cookie: $0.value, key: key) }
        guard ConsoleCSRF.matches(form["csrf"], expected) else {
            throw ConsoleError(
                status: .forbidden, message: "the sign-in form's CSRF token is missing or wrong; open the sign-in page again", back: "/console/login")
        }
        let secret = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !secret.isEmpty, let caller = try await authenticator.authenticate(secret: secret) else {
            logger.notice("console sign-in refused: unknown or revoked token")
            return try loginPage(request, key: key, problem: "unknown or revoked token", status: .unauthorized)
        }
        guard caller.role == .reviewer || caller.role == .admin else {
            logger.notice("console sign-in refused: role", metadata: ["actor": .string(caller.name), "role": .string(caller.role.rawValue)])
            return try loginPage(
                request, key: key, problem: "token \"\(caller.name)\" has role \(caller.role.rawValue); the console takes reviewer and admin tokens",
                status: .forbidden)
        }
        logger.info("console sign-in", metadata: ["actor": .string(caller.name), "role": .string(caller.role.rawValue)])
        let session = ConsoleSession.start(tokenID: caller.tokenID, role: caller.role, lifetime: lifetime)
        return ConsoleResponse.redirect(
            "/console/queue",
            cookies: [
                ConsoleResponse.cookie(
                    ConsoleSession.cookieName, value: session.cookieValue(key: key), maxAge: Int(lifetime.components.seconds), secure: secureCookies),
                ConsoleResponse.expired(ConsoleCSRF.loginCookieName, secure: secureCookies),
            ])
    }

    private func logout() -> Response {
        ConsoleResponse.redirect("/console/login", cookies: [ConsoleResponse.expired(ConsoleSession.cookieName, secure: secureCookies)])
    }

    // MARK: Pages

    /// Fixed notices after a redirect (`?done=…`): nothing from the query string is echoed.
    private static func flash(_ request: Request) -> String? {
        switch request.uri.queryParameters["done"].map(String.init) {
        case "decided": return "Decision recorded in the audit log."
        case "requested": return "Release requested: another admin approves it here."
        case "approved": return "Release approved."
        default: return nil
        }
    }

    private func queue(_ request: Request, user: ConsoleUser) async throws -> Response {
        let query = request.uri.queryParameters
        let filter = try ConsoleQueuePage.Filter { query[$0[...]].map(String.init) }
        let allRuns = try await store.run { try $0.runs() }
        let standings: [AnnotatorStanding]
        let run: RunRecord?
        if let runID = filter.run {
            guard let found = try await store.run({ try $0.standings(inRun: runID) }) else { throw ConsoleError.notFound("no run \"\(runID)\"") }
            standings = found
            run = allRuns.first { $0.runID == runID }
        } else {
            standings = Array(try await cache.current().standings.values)
            run = allRuns.last
        }
        let body = ConsoleQueuePage(filter: filter, standings: standings, run: run, allRuns: allRuns)
        return page(.init(title: "Review queue", user: user.frameUser, flash: Self.flash(request)), "queue", body)
    }

    private func annotator(_ id: String, user: ConsoleUser, request: Request, problem: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let standing = try await cache.current().standings[id]
        let limit = ConsoleAnnotatorPage.timelineRatings
        let (history, decisions, ratings, runs) = try await store.run { store in
            (try store.annotatorRuns(of: id), try store.decisions(of: id), try store.ratings(ofAnnotator: id, limit: limit), try store.runs())
        }
        guard standing != nil || !history.isEmpty || !ratings.isEmpty else { throw ConsoleError.notFound("no annotator \"\(id)\" in the store") }
        let output = runs.first { $0.runID == (standing?.runID ?? history.last?.runID) }?.output
        let items = Set(ratings.map(\.rating.itemID))
        let consensus = try await store.offload { output.map { ConsoleConsensus.read(output: $0, items: items) } ?? ConsoleConsensus() }
        let body = ConsoleAnnotatorPage(
            id: id, role: user.caller.role, standing: standing, history: history, decisions: decisions, ratings: ratings, consensus: consensus)
        return page(
            .init(title: "Annotator \(id)", user: user.frameUser, flash: Self.flash(request), problem: problem), "annotator", body, status: status)
    }

    private func decide(_ id: String, form: ConsoleForm, user: ConsoleUser) async throws -> Response {
        try user.require(.reviewer, to: "decide on an annotator")
        guard let verdict = ReviewerDecision.Verdict(rawValue: form["decision"] ?? "") else {
            throw ConsoleError(
                status: .unprocessableContent, message: "choose confirm or clear", back: "/console/annotators/\(ConsoleFormat.urlComponent(id))")
        }
        let note = form["note"] ?? ""
        guard note.contains(where: { !$0.isWhitespace }), note.count <= 4000 else {
            throw ConsoleError(
                status: .unprocessableContent, message: "a decision needs a note (1–4000 characters) saying why; nothing was recorded",
                back: "/console/annotators/\(ConsoleFormat.urlComponent(id))")
        }
        let actor = user.caller.name
        try await store.run { _ = try ReviewDesk(store: $0).decide(annotatorID: id, verdict: verdict, note: note, actor: actor) }
        cache.invalidate()
        logger.info("console decision", metadata: ["annotator": .string(id), "decision": .string(verdict.rawValue)])
        return ConsoleResponse.redirect("/console/annotators/\(ConsoleFormat.urlComponent(id))?done=decided")
    }

    private func runs(_ request: Request, user: ConsoleUser) async throws -> Response {
        let runs = try await store.run { try $0.runs() }
        return page(
            .init(title: "Runs", user: user.frameUser, flash: Self.flash(request)), "runs", ConsoleRunsPage(runs: runs, role: user.caller.role))
    }

    private func releases(_ request: Request, user: ConsoleUser) async throws -> Response {
        let releases = try await store.run { try $0.releases() }
        // What each pending release changes against the last approved one (the newest few: each reads two runs' files).
        var comparisons: [String: String] = [:]
        for release in releases.reversed().filter({ $0.approvedBy == nil }).prefix(5) {
            if let (baseline, diff) = try await self.releases.comparison(of: release) {
                comparisons[release.releaseID] = ConsoleReleasesPage.comparison(diff, baseline: baseline)
            }
        }
        return page(
            .init(title: "Releases", user: user.frameUser, flash: Self.flash(request)), "releases",
            ConsoleReleasesPage(releases: releases, caller: user.caller, comparisons: comparisons))
    }

    private func requestRelease(_ runID: String, form: ConsoleForm, user: ConsoleUser) async throws -> Response {
        try user.require(.admin, to: "request a release")
        let (actor, note) = (user.caller.name, form["note"] ?? "")
        do {
            _ = try await store.run { try $0.requestRelease(runID: runID, actor: actor, note: note) }
        } catch let error as ReleaseError {
            throw Self.consoleError(error)
        }
        return ConsoleResponse.redirect("/console/releases?done=requested")
    }

    private func approve(_ releaseID: String, form: ConsoleForm, user: ConsoleUser) async throws -> Response {
        try user.require(.admin, to: "approve a release")
        let (actor, note) = (user.caller.name, form["note"] ?? "")
        do {
            _ = try await releases.approve(releaseID, actor: actor, note: note)
        } catch let error as ReleaseError {
            throw Self.consoleError(error)
        }
        return ConsoleResponse.redirect("/console/releases?done=approved")
    }

    private static func consoleError(_ error: ReleaseError) -> ConsoleError {
        switch error {
        case .runNotFound, .releaseNotFound: return ConsoleError(status: .notFound, message: error.description, back: "/console/releases")
        case .alreadyApproved: return ConsoleError(status: .conflict, message: error.description, back: "/console/releases")
        case .sameApprover: return ConsoleError(status: .forbidden, message: error.description, back: "/console/releases")
        }
    }
}
