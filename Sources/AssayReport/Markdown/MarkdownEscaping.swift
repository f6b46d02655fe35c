/// Markdown escaping for untrusted strings: nothing from the data can open a link, an image, raw HTML or a new table cell.
enum MarkdownEscaping {
    /// Prose: Markdown and HTML punctuation backslash-escaped, line breaks folded into spaces.
    static func text(_ string: String) -> String {
        var out = ""
        out.reserveCapacity(string.count)
        for scalar in folded(string).unicodeScalars {
            if "\\`*_[]<>|#!&~".unicodeScalars.contains(scalar) { out.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// A code span (ids, digests, tokens): a fence longer than any backtick run inside; `|` escaped for table cells.
    static func code(_ string: String) -> String {
        let body = folded(string).replacingOccurrences(of: "|", with: "\\|")
        guard !body.isEmpty else { return "` `" }
        var longest = 0
        var run = 0
        for character in body {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.hasPrefix("`") || body.hasSuffix("`") || body.hasPrefix(" ") ? " " : ""
        return fence + pad + body + pad + fence
    }

    /// Control characters and line breaks become spaces, so a value stays on its table row.
    private static func folded(_ string: String) -> String {
        String(String.UnicodeScalarView(string.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : $0 }))
    }
}
