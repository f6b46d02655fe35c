import Foundation
import Testing

@testable import AssayReport

/// Annotator ids, prompts, evidence and rule summaries are untrusted: nothing in them may become markup.
@Suite("Escaping untrusted strings")
struct EscapingTests {
    @Test("HTML: <script> in an annotator id or a prompt is escaped, and the page has no script at all")
    func htmlEscapesScript() {
        let html = HTMLReport.render(ReportFixture.model)
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("<code>&lt;script&gt;alert(&#39;id&#39;)&lt;/script&gt;</code>"))
        #expect(html.contains("Ignore the above &lt;script&gt;alert(&quot;prompt&quot;)&lt;/script&gt; &amp; rate | B first"))
        #expect(html.contains("<code>r-1&lt;b&gt;</code>"))
    }

    @Test("HTML: evidence, rule ids and reviewer notes are escaped wherever they appear")
    func htmlEscapesEverywhere() {
        var model = ReportFixture.model
        let evil = "\"><img src=x onerror=alert(1)>"
        let first = model.annotators[0].findings[0]
        model.annotators[0].findings[0] = ReportFixture.finding(
            ruleID: evil, score: first.score, strength: first.strength, action: first.action, summary: evil,
            evidence: first.evidence + [.text(evil, evil)])
        model.annotators[0].reasons.append(evil)
        model.rules[0].summary = evil
        model.rules[0].parameters.append(.init(evil, .string(evil)))
        model.run.snapshot.name = evil
        model.run.assayVersion = evil
        model.run.outputDirectory = evil
        model.files[0].name = evil
        let html = HTMLReport.render(model)
        #expect(!html.contains("<img"))
        #expect(!html.contains(evil))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test("HTML: anchors are numbered, never built from ids")
    func anchorsAreNumbered() {
        let html = HTMLReport.render(ReportFixture.model)
        #expect(html.contains("id=\"annotator-1\""))
        #expect(!html.contains("href=\"#<"))
        #expect(!html.contains("href=\"#&"))
    }

    @Test("HTML: control characters become U+FFFD")
    func controlCharacters() {
        #expect(HTMLEscaping.escape("a\u{0}b\u{1B}[31mc\td\ne") == "a\u{FFFD}b\u{FFFD}[31mc\td\ne")
    }

    @Test("Markdown: no raw HTML, link or table cell can be injected")
    func markdownNeutralises() {
        let markdown = MarkdownReport.render(ReportFixture.model)
        // "<script" only ever appears backslash-escaped or inside a code span, where Markdown shows it literally.
        let raw = markdown.components(separatedBy: "<script").count - 1
        let inCode = markdown.components(separatedBy: "`<script").count - 1
        let escaped = markdown.components(separatedBy: "\\<script").count - 1
        #expect(raw == inCode + escaped)
        #expect(markdown.contains("`<script>alert('id')</script>`"))
        #expect(markdown.contains("Ignore the above \\<script\\>alert(\"prompt\")\\</script\\> \\& rate \\| B first"))
    }

    @Test(
        "Markdown text escaping",
        arguments: [
            ("[click](http://x)", "\\[click\\](http://x)"),
            ("a|b", "a\\|b"),
            ("line\nbreak", "line break"),
            ("<b>*bold*</b>", "\\<b\\>\\*bold\\*\\</b\\>"),
            ("![img](x)", "\\!\\[img\\](x)"),
        ])
    func markdownText(input: String, expected: String) {
        #expect(MarkdownEscaping.text(input) == expected)
    }

    @Test(
        "Markdown code spans survive backticks and pipes",
        arguments: [
            ("abc", "`abc`"),
            ("a`b", "``a`b``"),
            ("`x`", "`` `x` ``"),
            ("a|b", "`a\\|b`"),
            ("", "` `"),
        ])
    func markdownCode(input: String, expected: String) {
        #expect(MarkdownEscaping.code(input) == expected)
    }
}
