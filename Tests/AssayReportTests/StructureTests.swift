import Foundation
import Testing

@testable import AssayReport

/// The documents are well-formed: Markdown tables line up, HTML elements close, the page is self-contained.
@Suite("Document structure")
struct StructureTests {
    /// Splits a table row on `|` not preceded by a backslash.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var current = ""
        var escaped = false
        for character in row {
            if character == "|", !escaped {
                cells.append(current)
                current = ""
            } else {
                current.append(character)
            }
            escaped = character == "\\" && !escaped
        }
        cells.append(current)
        return Array(cells.dropFirst().dropLast())
    }

    @Test("Markdown tables: header, delimiter and every row have the same number of cells")
    func markdownTables() {
        let lines = MarkdownReport.render(ReportFixture.model).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tables = 0
        var index = 0
        while index < lines.count {
            guard lines[index].hasPrefix("|") else {
                index += 1
                continue
            }
            tables += 1
            let width = Self.cells(lines[index]).count
            #expect(index + 1 < lines.count && lines[index + 1].hasPrefix("|---") || lines[index + 1].hasPrefix("|:--"))
            let delimiter = Self.cells(lines[index + 1])
            #expect(delimiter.count == width, "delimiter of table at line \(index + 1)")
            #expect(delimiter.allSatisfy { $0.allSatisfy { "-:".contains($0) } && !$0.isEmpty })
            index += 2
            while index < lines.count, lines[index].hasPrefix("|") {
                #expect(Self.cells(lines[index]).count == width, "row at line \(index + 1): \(lines[index])")
                #expect(lines[index].hasSuffix("|"))
                index += 1
            }
            #expect(index == lines.count || lines[index].isEmpty, "table at line \(index) not followed by a blank line")
        }
        #expect(tables >= 10)
    }

    @Test("Markdown: headings in order, ends with one newline")
    func markdownHeadings() {
        let markdown = MarkdownReport.render(ReportFixture.model)
        let headings = markdown.split(separator: "\n").filter { $0.hasPrefix("## ") }.map(String.init)
        #expect(
            headings == [
                "## Summary", "## Excluded and flagged annotators", "## Other annotators with findings", "## Rings and groups", "## Rules",
                "## Run", "## Output files", "## How to verify",
            ])
        #expect(markdown.hasSuffix(".\n") && !markdown.hasSuffix("\n\n"))
    }

    @Test(
        "HTML: elements open and close in equal numbers",
        arguments: ["section", "article", "details", "summary", "table", "tr", "svg", "figure", "dl", "ul", "pre", "code", "li", "p", "div"])
    func htmlBalanced(element: String) {
        let html = HTMLReport.render(ReportFixture.model)
        let opens = html.components(separatedBy: "<\(element)>").count - 1 + html.components(separatedBy: "<\(element) ").count - 1
        let closes = html.components(separatedBy: "</\(element)>").count - 1
        #expect(opens == closes, "<\(element)>: \(opens) opened, \(closes) closed")
    }

    @Test("HTML: self-contained: no external resources, no scripts, a strict CSP")
    func selfContained() {
        let html = HTMLReport.render(ReportFixture.model)
        for forbidden in ["<script", "<link", "src=", "@import", "url(", "http://", "https://", "<iframe", "<object"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\""))
        #expect(html.contains("prefers-color-scheme: dark"))
        #expect(html.contains("@media print"))
    }

    @Test("HTML: summary cards, status bar and histogram come first")
    func summaryFirst() throws {
        let html = HTMLReport.render(ReportFixture.model)
        let summary = try #require(html.range(of: "<section id=\"summary\""))
        let annotators = try #require(html.range(of: "<section id=\"annotators\""))
        #expect(summary.lowerBound < annotators.lowerBound)
        let head = html[summary.lowerBound..<annotators.lowerBound]
        #expect(head.contains("<svg class=\"statusbar\""))
        #expect(head.contains("<svg class=\"histogram\""))
        #expect(head.contains("4 excluded"))
        #expect(head.contains("2 flagged"))
        #expect(head.components(separatedBy: "<div class=\"card\"").count + head.components(separatedBy: "<div class=\"card ").count - 2 == 8)
    }

    @Test("HTML: each finding is an expandable <details> with its evidence")
    func findingsExpand() {
        let html = HTMLReport.render(ReportFixture.model)
        let findings = ReportFixture.annotators.reduce(0) { $0 + $1.findings.count }
        #expect(html.components(separatedBy: "<details class=\"finding").count - 1 == findings)
    }

    @Test("the histogram counts every weight in [0, 1] once; 1 falls in the last bin")
    func histogram() {
        var model = ReportFixture.model
        model.weights = [0, 0.05, 0.1, 0.5, 0.99, 1, -0.1, .nan]
        let layout = ReportLayout(model)
        #expect(layout.histogram.map(\.count) == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2])
        #expect(layout.weightsOutOfRange == 2)
    }
}
