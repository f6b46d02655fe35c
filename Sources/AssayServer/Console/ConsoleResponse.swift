import Foundation
import Hummingbird

/// The console's answers: HTML with its security headers, redirects, cookies.
enum ConsoleResponse {
    /// No script at all, styles and images only from this origin, forms post only here, never framed.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// A page, with the security headers and `cookies` set.
    static func html(_ html: String, status: HTTPResponse.Status = .ok, cookies: [Cookie] = []) -> Response {
        var response = Response(
            status: status, headers: headers(contentType: "text/html; charset=utf-8"), body: .init(byteBuffer: ByteBuffer(string: html)))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// 303 See Other to `location` (a path of the console), with `cookies` set.
    static func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var fields = headers(contentType: "text/plain; charset=utf-8")
        fields[.location] = location
        var response = Response(status: .seeOther, headers: fields, body: .init(byteBuffer: ByteBuffer(string: "see \(location)\n")))
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    /// The stylesheet.
    static func css(_ css: String) -> Response {
        var fields = headers(contentType: "text/css; charset=utf-8")
        fields[.cacheControl] = "public, max-age=300"
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(string: css)))
    }

    /// A cookie scoped to the console: HttpOnly, SameSite=Strict, Path=/console, ending after `maxAge` seconds.
    static func cookie(_ name: String, value: String, maxAge: Int, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: value, expires: Date().addingTimeInterval(TimeInterval(maxAge)), maxAge: maxAge, path: "/console", secure: secure,
            httpOnly: true, sameSite: .strict)
    }

    /// A cookie that deletes `name` in the browser.
    static func expired(_ name: String, secure: Bool) -> Cookie {
        Cookie(
            name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/console", secure: secure, httpOnly: true,
            sameSite: .strict)
    }

    private static func headers(contentType: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        fields[.contentSecurityPolicy] = contentSecurityPolicy
        fields[.init("X-Frame-Options")!] = "DENY"
        fields[.init("X-Content-Type-Options")!] = "nosniff"
        fields[.init("Referrer-Policy")!] = "no-referrer"
        fields[.cacheControl] = "no-store"
        return fields
    }
}

/// A console request refused with an HTML page (403, 404, 422, …) instead of the API's JSON.
struct ConsoleError: Error, Sendable {
    let status: HTTPResponse.Status
    let message: String
    /// Where the page's "Back" link goes.
    var back = "/console/queue"

    static func forbidden(_ message: String) -> ConsoleError { ConsoleError(status: .forbidden, message: message) }
    static func notFound(_ message: String) -> ConsoleError { ConsoleError(status: .notFound, message: message) }
}
