import AssayPluginAPI

extension HTMLReport {
    /// The annotators a reviewer must look at: an overview table, then one card each with every finding's evidence.
    static func annotators(_ layout: ReportLayout) -> String {
        var html = "<section id=\"annotators\">\n<h2>Excluded and flagged annotators</h2>\n"
        if layout.reviewed.isEmpty {
            html += "<p class=\"ok\">No annotator was excluded or flagged.</p>\n"
        } else {
            html +=
                "<p class=\"muted\">Excluded first, then flagged. Each annotator’s card below gives every rule’s evidence; click a rule to fold it.</p>\n"
            html += overview(layout.reviewed, layout: layout)
        }
        if !layout.others.isEmpty {
            html += "<h3>Other annotators with findings</h3>\n" + overview(layout.others, layout: layout)
        }
        for annotator in layout.listed { html += card(annotator, layout: layout) }
        html += "</section>\n"
        return html
    }

    private static func overview(_ annotators: [ReportModel.Annotator], layout: ReportLayout) -> String {
        var html = "<div class=\"scroll\"><table class=\"overview\">\n<thead><tr><th>Annotator</th><th>Status</th>"
        html += "<th class=\"num\">Weight</th><th class=\"num\">Ratings</th><th>Rules</th><th>Why</th></tr></thead>\n<tbody>\n"
        for annotator in annotators {
            let rules = Array(Set(annotator.findings.map(\.ruleID))).sorted(by: ReportLayout.precedes)
            html +=
                "<tr class=\"\(annotator.status.rawValue)\"><td><a href=\"#\(layout.anchor(for: annotator.id) ?? "")\">\(code(annotator.id))</a></td>"
            html += "<td>\(badge(annotator.status))</td><td class=\"num\">\(F.weight(annotator.weight))</td>"
            html += "<td class=\"num\">\(F.count(annotator.ratings))</td>"
            html += "<td>\(rules.map { "<span class=\"chip\">\(h($0))</span>" }.joined(separator: " "))</td>"
            html += "<td>\(h(MarkdownReport.why(annotator)))</td></tr>\n"
        }
        html += "</tbody>\n</table></div>\n"
        return html
    }

    private static func card(_ annotator: ReportModel.Annotator, layout: ReportLayout) -> String {
        var html = "<article class=\"annotator \(annotator.status.rawValue)\" id=\"\(layout.anchor(for: annotator.id) ?? "")\">\n"
        html += "<h3>\(code(annotator.id)) \(badge(annotator.status))</h3>\n"
        html += "<p class=\"facts\">Weight <b>\(F.weight(annotator.weight))</b> · <b>\(F.count(annotator.ratings))</b> ratings · "
        html += "\(annotator.findings.count) finding\(annotator.findings.count == 1 ? "" : "s")</p>\n"
        if let decision = annotator.reviewerDecision {
            html += "<p class=\"decision\"><b>Reviewer decision:</b> \(badge(decision.status)) by \(h(decision.reviewer))"
            html += decision.decidedAt.map { " on \(F.date($0))" } ?? ""
            html += decision.note.isEmpty ? "" : " — “\(h(decision.note))”"
            html += "</p>\n"
        }
        if !annotator.reasons.isEmpty {
            html += "<ul class=\"reasons\">" + annotator.reasons.map { "<li>\(h($0))</li>" }.joined() + "</ul>\n"
        }
        for finding in annotator.findings { html += self.finding(finding, layout: layout) }
        if !annotator.examples.isEmpty {
            html += "<h4>Example ratings</h4>\n<div class=\"scroll\"><table class=\"examples\">\n<thead><tr><th>Rating</th><th>Item</th>"
            html += "<th>Prompt</th><th>Their answer</th><th>Consensus</th><th>Note</th></tr></thead>\n<tbody>\n"
            for example in annotator.examples {
                let differs = example.answer != example.consensus
                html += "<tr><td>\(code(example.ratingID))</td><td>\(code(example.itemID))</td><td class=\"prompt\">\(h(example.promptExcerpt))</td>"
                html += "<td\(differs ? " class=\"differs\"" : "")>\(h(example.answer))</td><td>\(h(example.consensus))</td>"
                html += "<td>\(h(example.note ?? ""))</td></tr>\n"
            }
            html += "</tbody>\n</table></div>\n"
        }
        html += "</article>\n"
        return html
    }

    private static func finding(_ finding: ReportModel.Finding, layout: ReportLayout) -> String {
        var html = "<details class=\"finding \(finding.action.description)\" open>\n<summary><span class=\"chip\">\(h(finding.ruleID))</span> "
        html += "<span class=\"action\">\(finding.action.description)</span> "
        html += "<span class=\"strength\">score \(F.number(finding.score)) · \(F.strength(finding.strength))</span> "
        html += "<span class=\"sentence\">\(h(finding.summary))</span></summary>\n"
        if finding.evidence.isEmpty {
            html += "<p class=\"muted\">The rule gave no structured evidence.</p>\n"
        } else {
            html += "<table class=\"evidence\">\n<tbody>\n"
            for evidence in finding.evidence {
                html += "<tr><th>\(h(evidence.name))</th><td>\(value(evidence, layout: layout))</td></tr>\n"
            }
            html += "</tbody>\n</table>\n"
        }
        html += "</details>\n"
        return html
    }

    private static func value(_ evidence: Evidence, layout: ReportLayout) -> String {
        switch evidence.value {
        case .number(let number):
            return "<span class=\"number\">\(F.number(number))</span>"
        case .text(let text):
            // A suspected trigger token is the one string a reviewer must not miss.
            let token = evidence.name.contains("token") || evidence.name.contains("trigger")
            return token ? "<code class=\"token\">\(h(text))</code>" : code(text)
        case .ids(let ids):
            guard !ids.isEmpty else { return "<span class=\"muted\">(none)</span>" }
            let members = ReportLayout.isMembers(evidence.name)
            let (shown, hidden) = ReportLayout.shownIDs(ids, name: evidence.name)
            let list = shown.map { id in
                if members, let anchor = layout.anchor(for: id) { return "<a href=\"#\(anchor)\">\(code(id))</a>" }
                return code(id)
            }
            let more = hidden > 0 ? " <span class=\"muted\">… and \(F.count(hidden)) more</span>" : ""
            return "<span class=\"muted\">\(ids.count):</span> " + list.joined(separator: " ") + more
        }
    }

    /// Rings and groups that findings named, each with its members and shared items.
    static func groups(_ layout: ReportLayout) -> String {
        guard !layout.groups.isEmpty else { return "" }
        var html = "<section id=\"groups\">\n<h2>Rings and groups</h2>\n"
        for (index, group) in layout.groups.enumerated() {
            html += "<article class=\"group\">\n<h3>Group \(index + 1) <span class=\"chip\">\(h(group.ruleID))</span> "
            html += "<span class=\"muted\">\(group.members.count) members"
            html += group.sharedItems.isEmpty ? "" : ", \(group.sharedItems.count) shared items"
            html += "</span></h3>\n<p>\(h(group.summary))</p>\n"
            html +=
                "<p><b>Members</b> (\(h(group.evidenceName))): "
                + group.members.map { id in
                    let status = layout.listed.first { $0.id == id }.map { " " + badge($0.status) } ?? ""
                    if let anchor = layout.anchor(for: id) { return "<a href=\"#\(anchor)\">\(code(id))</a>\(status)" }
                    return code(id)
                }.joined(separator: " ") + "</p>\n"
            if !group.sharedItems.isEmpty {
                html += "<details><summary>Shared items (\(group.sharedItems.count))</summary>\n<p class=\"ids\">"
                html += group.sharedItems.map(code).joined(separator: " ") + "</p>\n</details>\n"
            }
            html += "</article>\n"
        }
        html += "</section>\n"
        return html
    }
}
