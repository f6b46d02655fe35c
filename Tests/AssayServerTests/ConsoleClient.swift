import Foundation
import Hummingbird
import HummingbirdTesting

/// A browser's part for console tests: keeps the cookies the server sets, sends them back, posts forms and
/// reads the CSRF token out of the page it got last.
struct ConsoleClient {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    /// GET `path` with the cookies.
    mutating func get(_ path: String) async throws -> TestResponse {
        let response = try await client.send(.get, path, headers: cookieHeader)
        keep(response)
        return response
    }

    /// POST `fields` as an HTML form would (urlencoded) with the cookies.
    mutating func post(_ path: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.send(
            .post, path, body: body, contentType: "application/x-www-form-urlencoded", headers: cookieHeader)
        keep(response)
        return response
    }

    /// Opens the sign-in page and signs in with `token`; the answer to the POST.
    mutating func signIn(_ token: String) async throws -> TestResponse {
        let page = try await get("/console/login")
        return try await post("/console/login", [("csrf", Self.csrf(in: page.text) ?? ""), ("token", token)])
    }

    /// The CSRF field of the form posting to `action` in `html` (of the first form when nil); nil when it has none.
    static func csrf(in html: String, form action: String? = nil) -> String? {
        var html = Substring(html)
        if let action {
            guard let form = html.range(of: " action=\"\(action)\"") else { return nil }
            html = html[form.upperBound...]
            if let end = html.range(of: "</form>") { html = html[..<end.lowerBound] }
        }
        guard let range = html.range(of: #"name="csrf" value="([0-9a-f]+)""#, options: .regularExpression) else { return nil }
        return String(html[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
    }

    /// Every `Set-Cookie` header of `response`.
    static func setCookies(_ response: TestResponse) -> [String] {
        response.headers[values: .setCookie]
    }

    private var cookieHeader: [(String, String)] {
        cookies.isEmpty ? [] : [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
    }

    private mutating func keep(_ response: TestResponse) {
        for header in Self.setCookies(response) {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
