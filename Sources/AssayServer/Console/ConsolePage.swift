import AssayModel
import Foundation
import Mustache

/// What the layout of every console page shows: the title, who is signed in, a notice or a problem.
struct ConsoleFrame: Sendable {
    /// The signed-in user, as the header shows them.
    struct User: Sendable {
        let name: String
        let role: String
        let csrf: String
    }

    var title: String
    var user: User?
    var flash: String?
    var problem: String?
    var version = AssayVersion.current
}

/// A page for the templates: the frame's fields and the page's own, looked up by name (frame first).
struct ConsolePage: MustacheParent {
    let frame: ConsoleFrame
    let body: Any

    func child(named name: String) -> Any? {
        // Every form of a page carries the session's CSRF token.
        if name == "csrf", let user = frame.user { return user.csrf }
        return Self.value(named: name, in: frame) ?? Self.value(named: name, in: body)
    }

    /// A stored property by name through reflection, with an `Optional` unwrapped (nil when it is nil).
    static func value(named name: String, in object: Any) -> Any? {
        guard let value = Mirror(reflecting: object).children.first(where: { $0.label == name })?.value else { return nil }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first?.value
    }
}

/// Formatting shared by the pages.
enum ConsoleFormat {
    static func weight(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `7/10 (70%)`, or `—` without gold items.
    static func gold(correct: Int, total: Int) -> String {
        total > 0 ? "\(correct)/\(total) (\(Int((Double(correct) / Double(total) * 100).rounded()))%)" : "—"
    }

    /// `2026-11-20 10:00:00 UTC`.
    static func time(_ timestamp: Timestamp) -> String {
        let text = timestamp.description
        return text.count >= 19 ? String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8)) + " UTC" : text
    }

    /// `850 ms`, `4.2 s`, `3.1 min`.
    static func duration(milliseconds: Int64) -> String {
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds < 60_000 { return String(format: "%.1f s", Double(milliseconds) / 1000) }
        return String(format: "%.1f min", Double(milliseconds) / 60_000)
    }
}

extension ConsoleFormat {
    /// `text` as one percent-encoded path segment or query value (ids are not trusted to be URL-safe).
    static func urlComponent(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
