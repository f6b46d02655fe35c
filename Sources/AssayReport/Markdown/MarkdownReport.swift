import AssayPluginAPI

/// Renders a ``ReportModel`` as GitHub-flavoured Markdown, for terminals and tickets (`report.md`).
///
/// Same model, same bytes: no clock, no locale, everything sorted. Strings from the data are escaped
/// (``MarkdownEscaping``) so an annotator id or a prompt cannot inject links, HTML or table cells.
public enum MarkdownReport {
    /// The whole report as Markdown, ending in a newline.
    /// - Parameter model: What the cleaning run found.
    public static func render(_ model: ReportModel) -> String {
        let layout = ReportLayout(model)
        var out = MarkdownWriter()
        header(model, into: &out)
        summary(layout, into: &out)
        annotators(layout, into: &out)
        groups(layout, into: &out)
        rules(layout, into: &out)
        run(model, into: &out)
        files(layout, into: &out)
        verify(model, into: &out)
        return out.text
    }

    private typealias E = MarkdownEscaping
    private typealias F = ReportFormat

    private static func header(_ model: ReportModel, into out: inout MarkdownWriter) {
        let run = model.run
        out.line("# Assay cleaning report")
        out.blank()
        out.line(
            "Run \(E.code(run.id)) · snapshot \(E.code(run.snapshot.name)) (watermark \(run.snapshot.watermark)) · "
                + "finished \(F.date(run.finishedAt)) · Assay \(E.text(run.assayVersion))")
        out.blank()
    }

    private static func summary(_ layout: ReportLayout, into out: inout MarkdownWriter) {
        let counts = layout.model.counts
        let a = counts.annotators
        let total = a.trusted + a.downweighted + a.flagged + a.excluded
        out.line("## Summary")
        out.blank()
        out.line(
            "**\(F.count(a.excluded)) excluded** and **\(F.count(a.flagged)) flagged** of \(F.count(total)) annotators; "
                + "\(F.count(counts.ratingsExcluded)) of \(F.count(counts.ratingsInSnapshot)) ratings left out "
                + "(\(F.percent(counts.ratingsExcluded, of: counts.ratingsInSnapshot))).")
        out.blank()
        if counts.ratingsSuperseded > 0 {
            out.line(
                "\(F.count(counts.ratingsSuperseded)) ratings superseded by a later revision (an edited annotation): "
                    + "left out before the run, not in the dataset; the newest revision of each is in the snapshot's count.")
            out.blank()
        }
        if let warning = layout.incompleteRulesWarning {
            out.line("> **Warning**: \(E.text(warning)) See [Rules](#rules).")
            out.blank()
        }
        out.table(
            ["", "count"], align: [.left, .right],
            rows: [
                ["Ratings in snapshot", F.count(counts.ratingsInSnapshot)],
                ["Ratings kept", F.count(counts.ratingsKept)],
                ["Ratings excluded", F.count(counts.ratingsExcluded)],
                ["Dataset rows (`dataset.jsonl`)", F.count(counts.datasetRows)],
                ["Score rows (`scores.jsonl`)", F.count(counts.scoreRows)],
                ["Items left out: consensus too uncertain", F.count(counts.itemsLeftOutUncertain)],
            ])
        out.blank()
        if !counts.datasetRowsByMargin.isEmpty {
            out.line(
                "Dataset rows by consensus margin (P(chosen) − P(rejected)); filter `dataset.jsonl` on `margin` to keep only the more decisive:")
            out.blank()
            out.table(
                ["margin at least", "rows", "share"], align: [.left, .right, .right],
                rows: counts.datasetRowsByMargin.map {
                    [String(format: "%.2f", $0.lower), F.count($0.rows), F.percent($0.rows, of: counts.datasetRows)]
                })
            out.blank()
        }
        out.table(
            ["annotators", "count", "share"], align: [.left, .right, .right],
            rows: [
                ("Excluded", a.excluded), ("Flagged for review", a.flagged), ("Downweighted", a.downweighted),
                ("Trusted", a.trusted), ("Total", total),
            ].map { [$0.0, F.count($0.1), F.percent($0.1, of: total)] })
        out.blank()
        out.line("### Weight distribution")
        out.blank()
        let largest = max(1, layout.histogram.map(\.count).max() ?? 1)
        out.table(
            ["weight", "annotators", ""], align: [.left, .right, .left],
            rows: layout.histogram.enumerated().map { index, bin in
                let range = String(format: "%.1f–%.1f", bin.lower, bin.upper) + (index == 9 ? " (incl. 1)" : "")
                let bar = String(repeating: "█", count: bin.count == 0 ? 0 : max(1, bin.count * 30 / largest))
                return [range, F.count(bin.count), bar]
            })
        if layout.weightsOutOfRange > 0 {
            out.blank()
            out.line("⚠ \(F.count(layout.weightsOutOfRange)) weights were outside [0, 1] and are not drawn.")
        }
        out.blank()
    }

    private static func annotators(_ layout: ReportLayout, into out: inout MarkdownWriter) {
        out.line("## Excluded and flagged annotators")
        out.blank()
        if layout.reviewed.isEmpty {
            out.line("No annotator was excluded or flagged.")
            out.blank()
        } else {
            overview(layout.reviewed, into: &out)
            for annotator in layout.reviewed { detail(annotator, into: &out) }
        }
        guard !layout.others.isEmpty else { return }
        out.line("## Other annotators with findings")
        out.blank()
        overview(layout.others, into: &out)
        for annotator in layout.others { detail(annotator, into: &out) }
    }

    private static func overview(_ annotators: [ReportModel.Annotator], into out: inout MarkdownWriter) {
        out.table(
            ["annotator", "status", "weight", "ratings", "rules", "why"], align: [.left, .left, .right, .right, .left, .left],
            rows: annotators.map { annotator in
                let rules = Array(Set(annotator.findings.map(\.ruleID))).sorted(by: ReportLayout.precedes)
                return [
                    E.code(annotator.id), "**\(annotator.status.rawValue)**", F.weight(annotator.weight), F.count(annotator.ratings),
                    rules.map(E.code).joined(separator: ", "), E.text(why(annotator)),
                ]
            })
        out.blank()
    }

    /// The first line a reviewer reads about an annotator: the decision, else the first reason, else the first finding.
    static func why(_ annotator: ReportModel.Annotator) -> String {
        if let decision = annotator.reviewerDecision {
            return "Reviewer \(decision.reviewer) decided \(decision.status.rawValue)" + (decision.note.isEmpty ? "" : ": \(decision.note)")
        }
        return annotator.reasons.first ?? annotator.findings.first?.summary ?? ""
    }

    private static func detail(_ annotator: ReportModel.Annotator, into out: inout MarkdownWriter) {
        out.line("### \(E.code(annotator.id)) — \(annotator.status.rawValue)")
        out.blank()
        out.line("- Weight \(F.weight(annotator.weight)) · \(F.count(annotator.ratings)) ratings")
        if let decision = annotator.reviewerDecision {
            let when = decision.decidedAt.map { " on \(F.date($0))" } ?? ""
            let note = decision.note.isEmpty ? "" : ": “\(E.text(decision.note))”"
            out.line("- **Reviewer decision**: \(decision.status.rawValue), by \(E.text(decision.reviewer))\(when)\(note)")
        }
        for reason in annotator.reasons { out.line("- \(E.text(reason))") }
        out.blank()
        for finding in annotator.findings {
            out.line(
                "#### \(E.code(finding.ruleID)): score \(F.number(finding.score)) · \(F.strength(finding.strength)) · "
                    + "recommends \(finding.action.description)")
            out.blank()
            out.line(E.text(finding.summary))
            out.blank()
            if !finding.evidence.isEmpty {
                out.table(
                    ["evidence", "value"], align: [.left, .left],
                    rows: finding.evidence.map { [E.code($0.name), evidenceValue($0)] })
                out.blank()
            }
        }
        if !annotator.examples.isEmpty {
            out.line("Example ratings:")
            out.blank()
            out.table(
                ["rating", "item", "prompt", "their answer", "consensus", "note"], align: [.left, .left, .left, .left, .left, .left],
                rows: annotator.examples.map {
                    [
                        E.code($0.ratingID), E.code($0.itemID), E.text($0.promptExcerpt), E.text($0.answer), E.text($0.consensus),
                        E.text($0.note ?? ""),
                    ]
                })
            out.blank()
        }
    }

    private static func evidenceValue(_ evidence: Evidence) -> String {
        switch evidence.value {
        case .number(let number): return F.number(number)
        case .text(let text): return E.code(text)
        case .ids(let ids):
            guard !ids.isEmpty else { return "(none)" }
            let (shown, hidden) = ReportLayout.shownIDs(ids, name: evidence.name)
            return "\(ids.count): " + shown.map(E.code).joined(separator: ", ") + (hidden > 0 ? " … and \(F.count(hidden)) more" : "")
        }
    }

    private static func groups(_ layout: ReportLayout, into out: inout MarkdownWriter) {
        guard !layout.groups.isEmpty else { return }
        out.line("## Rings and groups")
        out.blank()
        for (index, group) in layout.groups.enumerated() {
            out.line("### Group \(index + 1): \(E.code(group.ruleID)), \(group.members.count) members")
            out.blank()
            out.line(E.text(group.summary))
            out.blank()
            out.line("- Members (\(E.code(group.evidenceName))): " + group.members.map(E.code).joined(separator: ", "))
            if !group.sharedItems.isEmpty {
                out.line("- Shared items (\(group.sharedItems.count)): " + group.sharedItems.map(E.code).joined(separator: ", "))
            }
            out.blank()
        }
    }

    private static func rules(_ layout: ReportLayout, into out: inout MarkdownWriter) {
        out.line("## Rules")
        out.blank()
        out.table(
            ["rule", "version", "outcome", "isolation", "parameters"], align: [.left, .left, .left, .left, .left],
            rows: layout.rules.map { rule in
                let parameters = rule.parameters.sorted { ReportLayout.precedes($0.name, $1.name) }
                    .map { E.code("\($0.name) = \(F.parameter($0.value))") }.joined(separator: ", ")
                let outcome: String
                switch rule.outcome {
                case .succeeded: outcome = F.outcome(rule.outcome)
                case .failed, .skipped: outcome = "**\(E.text(F.outcome(rule.outcome)))**"
                }
                return [E.code(rule.id), E.text(rule.version), outcome, rule.isolation.rawValue, parameters.isEmpty ? "(none)" : parameters]
            })
        out.blank()
        out.table(
            ["rule", "plugin", "plugin sha256"], align: [.left, .left, .left],
            rows: layout.rules.map { [E.code($0.id), E.code($0.pluginPath), E.code($0.pluginDigest)] })
        out.blank()
    }

    private static func run(_ model: ReportModel, into out: inout MarkdownWriter) {
        let run = model.run
        out.line("## Run")
        out.blank()
        out.table(
            ["", ""], align: [.left, .left],
            rows: [
                ["Run id", E.code(run.id)],
                ["Started", F.date(run.startedAt)],
                ["Finished", "\(F.date(run.finishedAt)) (\(F.duration(from: run.startedAt, to: run.finishedAt)))"],
                ["Assay version", E.text(run.assayVersion)],
                ["Command", E.code(F.shellQuoted(run.commandLine))],
                ["Input", E.text(F.input(run.input))],
                ["Snapshot", "\(E.code(run.snapshot.name)), watermark \(run.snapshot.watermark)"],
                ["Snapshot sha256", E.code(run.snapshot.digest)],
                ["Weighting", E.text(run.weightingMethod)],
                ["Config", run.configPath.map(E.code) ?? "(defaults)"],
                ["Config sha256", run.configDigest.map(E.code) ?? "(none)"],
            ])
        out.blank()
    }

    private static func files(_ layout: ReportLayout, into out: inout MarkdownWriter) {
        out.line("## Output files")
        out.blank()
        out.line(
            "The attestation (`attestation.dsse.json`) lists these files; it is signed with Ed25519 by key id \(E.code(layout.model.signerKeyID)).")
        out.blank()
        out.table(["file", "sha256"], align: [.left, .left], rows: layout.files.map { [E.code($0.name), E.code($0.sha256)] })
        out.blank()
        out.line(E.text(VerifyInstructions.selfListingNote))
        out.blank()
    }

    private static func verify(_ model: ReportModel, into out: inout MarkdownWriter) {
        out.line("## How to verify")
        out.blank()
        out.line(E.text(VerifyInstructions.keyWarning))
        out.blank()
        for route in VerifyInstructions.routes(outputDirectory: model.run.outputDirectory) {
            out.line("**\(route.title)**: \(E.text(route.explanation))")
            out.blank()
            out.fenced(route.commands, language: "sh")
            out.blank()
        }
        out.line("Full instructions: `\(VerifyInstructions.reference)`.")
    }
}
