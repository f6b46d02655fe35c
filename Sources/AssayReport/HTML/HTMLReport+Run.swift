extension HTMLReport {
    /// The rules that ran: version, outcome, isolation, plugin and its digest, parameters.
    static func rules(_ layout: ReportLayout) -> String {
        var html = "<section id=\"rules\">\n<h2>Rules</h2>\n<div class=\"scroll\"><table class=\"rules\">\n<thead><tr><th>Rule</th><th>Version</th>"
        html += "<th>Outcome</th><th>Isolation</th><th>Plugin</th><th>Parameters</th></tr></thead>\n<tbody>\n"
        for rule in layout.rules {
            let outcomeClass: String
            switch rule.outcome {
            case .succeeded: outcomeClass = "succeeded"
            case .failed: outcomeClass = "failed"
            case .skipped: outcomeClass = "skipped"
            }
            html += "<tr class=\"\(outcomeClass)\"><td><span class=\"chip\">\(h(rule.id))</span>"
            html += rule.summary.map { "<div class=\"muted small\">\(h($0))</div>" } ?? ""
            html += "</td><td>\(h(rule.version))</td><td class=\"outcome\">\(h(F.outcome(rule.outcome)))</td>"
            html +=
                "<td>\(rule.isolation.rawValue)</td><td>\(code(rule.pluginPath))<div class=\"digest small\">sha256 \(h(rule.pluginDigest))</div></td><td>"
            let parameters = rule.parameters.sorted { ReportLayout.precedes($0.name, $1.name) }
            html +=
                parameters.isEmpty
                ? "<span class=\"muted\">(none)</span>"
                : "<ul class=\"params\">" + parameters.map { "<li>\(code("\($0.name) = \(F.parameter($0.value))"))</li>" }.joined() + "</ul>"
            html += "</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n</section>\n"
        return html
    }

    /// How the run was made: times, tool, command, input, snapshot and its digest, weighting, config.
    static func run(_ model: ReportModel) -> String {
        let run = model.run
        let rows: [(String, String)] = [
            ("Run id", code(run.id)),
            ("Started", F.date(run.startedAt)),
            ("Finished", "\(F.date(run.finishedAt)) (\(F.duration(from: run.startedAt, to: run.finishedAt)))"),
            ("Assay version", h(run.assayVersion)),
            ("Command", code(F.shellQuoted(run.commandLine))),
            ("Input", h(F.input(run.input))),
            ("Snapshot", "\(code(run.snapshot.name)), watermark \(run.snapshot.watermark)"),
            ("Snapshot sha256", "<span class=\"digest\">\(h(run.snapshot.digest))</span>"),
            ("Weighting", h(run.weightingMethod)),
            ("Config", run.configPath.map(code) ?? "<span class=\"muted\">(defaults)</span>"),
            ("Config sha256", run.configDigest.map { "<span class=\"digest\">\(h($0))</span>" } ?? "<span class=\"muted\">(none)</span>"),
        ]
        var html = "<section id=\"run\">\n<h2>Run and input</h2>\n<dl class=\"facts-list\">\n"
        for (term, value) in rows { html += "<dt>\(term)</dt><dd>\(value)</dd>\n" }
        html += "</dl>\n</section>\n"
        return html
    }

    /// The attested output files with their digests, and the signer's key id.
    static func files(_ layout: ReportLayout) -> String {
        var html = "<section id=\"files\">\n<h2>Output files</h2>\n"
        html += "<p><code>attestation.dsse.json</code> lists these files and is signed with Ed25519 by key id "
        html += "<span class=\"digest\">\(h(layout.model.signerKeyID))</span>.</p>\n"
        html += "<div class=\"scroll\"><table class=\"files\">\n<thead><tr><th>File</th><th>sha256</th></tr></thead>\n<tbody>\n"
        for file in layout.files {
            html += "<tr><td>\(code(file.name))</td><td class=\"digest\">\(h(file.sha256))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n<p class=\"muted\">\(h(VerifyInstructions.selfListingNote))</p>\n</section>\n"
        return html
    }

    /// How to verify the run, with Assay and with stock tools.
    static func verify(_ model: ReportModel) -> String {
        var html = "<section id=\"verify\">\n<h2>How to verify</h2>\n<p class=\"note-box\">\(h(VerifyInstructions.keyWarning))</p>\n"
        for route in VerifyInstructions.routes(outputDirectory: model.run.outputDirectory) {
            html += "<h3>\(h(route.title))</h3>\n<p>\(h(route.explanation))</p>\n<pre><code>\(h(route.commands))</code></pre>\n"
        }
        html += "<p>Full instructions: <code>\(VerifyInstructions.reference)</code> in the Assay repository.</p>\n</section>\n"
        return html
    }
}
