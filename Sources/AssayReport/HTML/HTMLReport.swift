/// Renders a ``ReportModel`` as one self-contained HTML page (`report.html`).
///
/// No network and no scripts: inline CSS (light, dark and print), inline SVG charts, and a
/// Content-Security-Policy that forbids anything else. Every string from the data is escaped
/// (``HTMLEscaping``); anchors are numbered, never built from ids. Same model, same bytes.
public enum HTMLReport {
    /// The whole page, ending in a newline.
    /// - Parameter model: What the cleaning run found.
    public static func render(_ model: ReportModel) -> String {
        let layout = ReportLayout(model)
        var html = ""
        html += """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
            <title>Assay cleaning report · run \(h(model.run.id))</title>
            <style>
            \(stylesheet)</style>
            </head>
            <body>

            """
        html += header(model)
        html += "<main>\n"
        html += summary(layout)
        html += annotators(layout)
        html += groups(layout)
        html += rules(layout)
        html += run(model)
        html += files(layout)
        html += verify(model)
        html += "</main>\n"
        html += "<footer>Written by Assay \(h(model.run.assayVersion)) for run <code>\(h(model.run.id))</code>. "
        html += "This page is self-contained: no scripts, no fonts, no network.</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    typealias F = ReportFormat

    /// Escapes untrusted text for HTML.
    static func h(_ string: String) -> String { HTMLEscaping.escape(string) }

    /// A `<code>` element around escaped text.
    static func code(_ string: String) -> String { "<code>\(h(string))</code>" }

    /// A status badge.
    static func badge(_ status: ReportModel.Status) -> String {
        "<span class=\"badge \(status.rawValue)\">\(status.rawValue)</span>"
    }

    private static func header(_ model: ReportModel) -> String {
        let run = model.run
        return """
            <header>
            <h1>Assay cleaning report</h1>
            <p class="meta">Run \(code(run.id)) · snapshot \(code(run.snapshot.name)) (watermark \(run.snapshot.watermark)) · finished \(F.date(run.finishedAt)) · Assay \(h(run.assayVersion))</p>
            <nav><a href="#summary">Summary</a> <a href="#annotators">Annotators</a> \
            \(model.annotators.contains { a in a.findings.contains { f in f.evidence.contains { ReportLayout.isMembers($0.name) } } } ? "<a href=\"#groups\">Rings</a> " : "")\
            <a href="#rules">Rules</a> <a href="#run">Run</a> <a href="#files">Files</a> <a href="#verify">Verify</a></nav>
            </header>

            """
    }
}
