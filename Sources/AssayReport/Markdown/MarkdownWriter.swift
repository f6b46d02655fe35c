/// Accumulates Markdown lines; tables are GitHub-flavoured with a delimiter row and one line per row.
struct MarkdownWriter {
    enum Alignment {
        case left, right
    }

    private(set) var text = ""

    mutating func line(_ string: String) {
        text += string
        text += "\n"
    }

    mutating func blank() {
        if !text.isEmpty, !text.hasSuffix("\n\n") { text += "\n" }
    }

    /// A table; cells must already be escaped (no line breaks, `|` escaped).
    mutating func table(_ header: [String], align: [Alignment], rows: [[String]]) {
        line("| " + header.joined(separator: " | ") + " |")
        line("|" + align.map { $0 == .right ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows { line("| " + row.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |") }
    }

    /// A fenced code block; the fence is longer than any backtick run in the body.
    mutating func fenced(_ body: String, language: String) {
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        line(fence + language)
        line(body)
        line(fence)
    }
}
