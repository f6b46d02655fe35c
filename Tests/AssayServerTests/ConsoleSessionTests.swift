import AssayModel
import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The console's sign-in, sessions, cookies, CSRF and security headers, against the live server on loopback.
@Suite struct ConsoleSessionTests {
    @Test func reviewerAndAdminSignInIngestAndBadTokensDoNot() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            for token in [fixture.reviewer, fixture.admin] {
                var browser = ConsoleClient(client)
                let answer = try await browser.signIn(token)
                #expect(answer.status == .seeOther)
                #expect(answer.headers[.location] == "/console/queue")
                let session = try #require(ConsoleClient.setCookies(answer).first { $0.hasPrefix("assay_console=") })
                for flag in ["HttpOnly", "SameSite=Strict", "Path=/console", "Max-Age=28800", "Expires="] {
                    #expect(session.contains(flag), "\(flag) missing from \(session)")
                }
                #expect(try await browser.get("/console/queue").status == .ok)
            }
            var ingest = ConsoleClient(client)
            let refused = try await ingest.signIn(fixture.ingest)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("has role ingest"))
            #expect(ingest.cookies["assay_console"] == nil)
            #expect(try await ingest.get("/console/queue").status == .seeOther)
            var stranger = ConsoleClient(client)
            let bad = try await stranger.signIn("assay_" + String(repeating: "0", count: 64))
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("unknown or revoked token"))
            #expect(stranger.cookies["assay_console"] == nil)
        }
    }

    @Test func everyPageWithoutASessionRedirectsToTheLoginPage() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            for path in ["/console/queue", "/console/annotators/ann-bad", "/console/runs", "/console/releases", "/console"] {
                let answer = try await browser.get(path)
                #expect(answer.status == .seeOther, "\(path)")
                #expect(answer.headers[.location] == (path == "/console" ? "/console/queue" : "/console/login"), "\(path)")
            }
            // A session cookie whose signature does not check out is no session (and is cleared).
            _ = try await browser.signIn(fixture.reviewer)
            let value = try #require(browser.cookies["assay_console"])
            browser.cookies["assay_console"] = value.replacingOccurrences(of: ".reviewer.", with: ".admin.")
            let forged = try await browser.get("/console/releases")
            #expect(forged.status == .seeOther)
            #expect(forged.headers[.location] == "/console/login")
            // Decisions posted without a session record nothing.
            var none = ConsoleClient(client)
            let post = try await none.post("/console/annotators/ann-bad/decision", [("decision", "confirm"), ("note", "x"), ("csrf", "00")])
            #expect(post.status == .seeOther)
            #expect(try fixture.store.latestDecisions().isEmpty)
        }
    }

    @Test func pagesCarryTheSecurityHeadersNoScriptAndLabelledFields() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            let login = try await browser.get("/console/login")
            _ = try await browser.signIn(fixture.reviewer)
            var pages = [login]
            for path in ["/console/queue", "/console/annotators/ann-bad", "/console/runs", "/console/releases"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                pages.append(page)
            }
            for page in pages {
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'none'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("default-src 'none'"))
                #expect(page.headers[.init("X-Frame-Options")!] == "DENY")
                #expect(page.headers[.init("X-Content-Type-Options")!] == "nosniff")
                #expect(page.headers[.cacheControl] == "no-store")
                let html = page.text
                #expect(!html.contains("<script"))
                #expect(!html.contains(" style="))
                #expect(html.matches(of: /<[^>]+\son[a-z]+=/).isEmpty, "no inline event handlers")
                // Every visible field has a label naming its id.
                for match in html.matches(of: /<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"/) {
                    #expect(html.contains("<label for=\"\(match.1)\""), "no label for \(match.1)")
                }
                #expect(html.matches(of: /<(?:input|select|textarea)(?![^>]*type="hidden")(?![^>]*\sid=)[^>]*>/).isEmpty, "a field without an id")
            }
            let css = try await browser.get("/console/static/console.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.text.contains("--excluded"))
        }
    }

    @Test func postsWithoutOrWithAWrongCSRFTokenAre403() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun()
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            // The sign-in form too.
            _ = try await browser.get("/console/login")
            #expect(try await browser.post("/console/login", [("token", fixture.reviewer)]).status == .forbidden)
            #expect(
                try await browser.post("/console/login", [("token", fixture.reviewer), ("csrf", String(repeating: "a", count: 64))]).status
                    == .forbidden)
            #expect(browser.cookies["assay_console"] == nil)
            _ = try await browser.signIn(fixture.reviewer)
            let page = try await browser.get("/console/annotators/ann-bad")
            let csrf = try #require(ConsoleClient.csrf(in: page.text, form: "/console/annotators/ann-bad/decision"))
            let without = try await browser.post("/console/annotators/ann-bad/decision", [("decision", "confirm"), ("note", "spam")])
            #expect(without.status == .forbidden)
            #expect(without.text.contains("CSRF"))
            let wrong = String(csrf.reversed())
            #expect(
                try await browser.post("/console/annotators/ann-bad/decision", [("decision", "confirm"), ("note", "spam"), ("csrf", wrong)]).status
                    == .forbidden)
            // Another session's token is wrong too.
            var other = ConsoleClient(client)
            _ = try await other.signIn(fixture.reviewer)
            let otherCSRF = try #require(ConsoleClient.csrf(in: try await other.get("/console/queue").text))
            #expect(otherCSRF != csrf)
            #expect(
                try await browser.post("/console/annotators/ann-bad/decision", [("decision", "confirm"), ("note", "spam"), ("csrf", otherCSRF)])
                    .status == .forbidden)
            #expect(try await browser.post("/console/logout", []).status == .forbidden)
            #expect(try fixture.store.latestDecisions().isEmpty)
        }
    }

    @Test func logoutThenAPageGivesTheLoginPage() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            _ = try await browser.signIn(fixture.reviewer)
            let queue = try await browser.get("/console/queue")
            #expect(queue.status == .ok)
            let out = try await browser.post("/console/logout", [("csrf", try #require(ConsoleClient.csrf(in: queue.text)))])
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/login")
            #expect(ConsoleClient.setCookies(out).contains { $0.hasPrefix("assay_console=;") && $0.contains("Max-Age=0") })
            #expect(browser.cookies["assay_console"] == nil)
            let after = try await browser.get("/console/queue")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/console/login")
        }
    }

    @Test func aRevokedTokensSessionStopsWorking() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            _ = try await browser.signIn(fixture.reviewer)
            #expect(try await browser.get("/console/queue").status == .ok)
            try fixture.store.revokeToken("alice", actor: "test")
            try await Task.sleep(for: .milliseconds(1200))
            let after = try await browser.get("/console/queue")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/console/login")
        }
    }

    @Test func aSessionWorksOnAnotherNodeAndAfterARestartWithTheSameKey() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let keyFile = fixture.store.path + ".console-key"
        let cookies = try await fixture.withServer { first in
            var browser = ConsoleClient(first)
            _ = try await browser.signIn(fixture.reviewer)
            // A second node on the same store (and so the same key file) accepts the session.
            let jar = browser.cookies
            let onSecond = try await fixture.withServer { second in
                var other = ConsoleClient(second)
                other.cookies = jar
                return try await other.get("/console/queue").status
            }
            #expect(onSecond == .ok)
            return browser.cookies
        }
        // The key file was created once, mode 0600, and a restarted server accepts the session.
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        let status = try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            browser.cookies = cookies
            return try await browser.get("/console/queue").status
        }
        #expect(status == .ok)
        // A node with another key does not.
        var configuration = fixture.configuration
        let otherKey = fixture.folder.appendingPathComponent("other.key").path
        configuration.consoleSecretFile = otherKey
        var other = fixture
        other.configuration = configuration
        let elsewhere = try await other.withServer { client in
            var browser = ConsoleClient(client)
            browser.cookies = cookies
            return try await browser.get("/console/queue").status
        }
        #expect(elsewhere == .seeOther)
    }
}

/// The console's key file, sessions that expire, and pages across several runs.
@Suite struct ConsoleKeyAndRunsTests {
    @Test func theKeyFileIsCreatedOnceAt0600AndRefusedWhenOthersCanReadItOrItIsShort() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-console-key-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("assay.sqlite.console-key").path
        _ = try ConsoleKey.loadOrCreate(path: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.count == 65)  // 32 bytes as hex and a newline
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        _ = try ConsoleKey.loadOrCreate(path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "never rewritten")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: ConsoleKeyError.self) { try ConsoleKey.loadOrCreate(path: path) }
        let short = folder.appendingPathComponent("short").path
        #expect(FileManager.default.createFile(atPath: short, contents: Data("abc\n".utf8), attributes: [.posixPermissions: 0o600]))
        #expect(throws: ConsoleKeyError.self) { try ConsoleKey.load(path: short) }
    }

    @Test func aSessionEndsWhenItExpiresAndGETLogoutSignsOutToo() async throws {
        let fixture = try ServerFixture { $0.consoleSessionLifetime = .seconds(1) }
        defer { fixture.remove() }
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            let answer = try await browser.signIn(fixture.reviewer)
            #expect(ConsoleClient.setCookies(answer).contains { $0.contains("Max-Age=1") })
            // The browser would drop the cookie; a client that keeps sending it is refused once it expired.
            let value = try #require(browser.cookies["assay_console"])
            try await Task.sleep(for: .milliseconds(2100))
            browser.cookies["assay_console"] = value
            let after = try await browser.get("/console/queue")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/console/login")
        }
        let fixture2 = try ServerFixture()
        defer { fixture2.remove() }
        try await fixture2.withServer { client in
            var browser = ConsoleClient(client)
            _ = try await browser.signIn(fixture2.admin)
            let out = try await browser.get("/console/logout")
            #expect(out.status == .seeOther)
            #expect(out.headers[.location] == "/console/login")
            #expect(try await browser.get("/console/runs").status == .seeOther)
        }
    }

    @Test func theQueueFiltersByRunAndTheAnnotatorPageShowsEveryRun() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        try fixture.seedRun(id: "run-1")
        try fixture.store.recordRun(
            RunRecord(
                runID: "run-2", snapshot: "snap-2", snapshotDigest: String(repeating: "2", count: 64), startedAt: .now, finishedAt: .now,
                actor: "test", output: fixture.folder.path, summary: "{}"),
            annotators: [AnnotatorRunOutcome(annotatorID: "ann-bad", weight: 0.7, status: "trusted", goldCorrect: 4, goldTotal: 5)])
        try await fixture.withServer { client in
            var browser = ConsoleClient(client)
            _ = try await browser.signIn(fixture.reviewer)
            // Newest run: nobody is flagged; run-1: ann-bad is.
            #expect(try await browser.get("/console/queue").text.contains("No annotator matches."))
            let old = try await browser.get("/console/queue?run=run-1")
            #expect(old.text.contains("/console/annotators/ann-bad"))
            #expect(old.text.contains("<option value=\"run-1\" selected>"))
            #expect(try await browser.get("/console/queue?run=run-nope").status == .notFound)
            let page = try await browser.get("/console/annotators/ann-bad")
            #expect(page.text.contains("4/5 (80%)"), "gold accuracy in the newest run")
            let history = try #require(page.text.range(of: "Status and weight across runs"))
            let rows = page.text[history.upperBound...]
            let second = try #require(rows.range(of: "run-2"))
            let first = try #require(rows.range(of: "run-1"))
            #expect(second.lowerBound < first.lowerBound, "newest run first")
            #expect(rows.contains("0.70") && rows.contains("0.20") && rows.contains("80%") && rows.contains("0%"))
        }
    }
}
