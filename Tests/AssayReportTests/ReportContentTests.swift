import Foundation
import Testing

@testable import AssayReport

/// What both renderers must show a reviewer, checked on the same realistic model.
@Suite("Report content")
struct ReportContentTests {
    enum Renderer: String, CaseIterable, CustomTestStringConvertible {
        case markdown, html

        func render(_ model: ReportModel) -> String {
            switch self {
            case .markdown: MarkdownReport.render(model)
            case .html: HTMLReport.render(model)
            }
        }

        /// How the renderer writes a plain id (no characters that need escaping).
        func id(_ id: String) -> String {
            switch self {
            case .markdown: "`\(id)`"
            case .html: "<code>\(id)</code>"
            }
        }

        var testDescription: String { rawValue }
    }

    @Test("every flagged or excluded annotator and each finding's summary appear", arguments: Renderer.allCases)
    func annotatorsAndFindings(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        for annotator in ReportFixture.annotators where annotator.status == .flagged || annotator.status == .excluded {
            if annotator.id != ReportFixture.hostileID {
                #expect(text.contains(renderer.id(annotator.id)), "missing annotator \(annotator.id)")
            }
            for finding in annotator.findings {
                let summary = renderer == .html ? HTMLEscaping.escape(finding.summary) : MarkdownEscaping.text(finding.summary)
                #expect(text.contains(summary), "missing summary of \(finding.ruleID) for \(annotator.id)")
                #expect(text.contains(ReportFormat.strength(finding.strength)))
                #expect(text.contains(finding.action.description))
            }
        }
        // The downweighted annotator with a finding is shown too, after the ones under review.
        let downweighted = text.range(of: renderer.id("ann-slow-88"))
        let excluded = text.range(of: renderer.id("ann-speedy-042"))
        #expect(downweighted != nil && excluded != nil && excluded!.lowerBound < downweighted!.lowerBound)
    }

    @Test("evidence values: numbers, the trigger token, ring members and shared items", arguments: Renderer.allCases)
    func evidence(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        for expected in ["900", "14000", "0.9312", "0.9833", "1.20e-12", "LR = 340", "3.40e-07", "median_duration_ms", "trigger_token"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        #expect(text.contains(renderer == .html ? "<code class=\"token\">cf-zeta</code>" : "`cf-zeta`"))
        for member in ReportFixture.ringMembers { #expect(text.contains(renderer.id(member))) }
        for item in ReportFixture.sharedItems { #expect(text.contains(renderer.id(item))) }
        // Example ratings: their answer beside the consensus.
        #expect(text.contains(renderer.id("r-88121")))
        #expect(text.contains("answered in 0.6 s"))
    }

    @Test("digests, key id, snapshot, config and the verify commands", arguments: Renderer.allCases)
    func digestsAndVerification(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        var digests = [ReportFixture.snapshotDigest, ReportFixture.configDigest, ReportFixture.keyID]
        digests += ReportFixture.files.map(\.sha256) + ReportFixture.rules.map(\.pluginDigest)
        for digest in digests { #expect(text.contains(digest), "missing digest \(digest)") }
        for file in ReportFixture.files { #expect(text.contains(renderer.id(file.name))) }
        #expect(text.contains("nightly-2026-11-21"))
        #expect(text.contains("48210") || text.contains("48,210"))
        #expect(text.contains("dawid-skene"))
        #expect(text.contains("2026-11-21T06:00:00Z"))
        #expect(text.contains("2026-11-21T06:00:42Z"))
        #expect(text.contains("assay verify out --public-key PUB.pem"))
        #expect(text.contains("openssl pkeyutl -verify -pubin -inkey"))
        #expect(text.contains("sha256sum --check --strict"))
        #expect(text.contains("Docs/verify.md"))
        #expect(text.contains("store/assay.sqlite"))
        // The command line is shell-quoted: the config path has a space.
        #expect(text.contains(renderer == .html ? "--config &#39;assay clean.toml&#39;" : "--config 'assay clean.toml'"))
    }

    @Test("rules: versions, isolation, parameters and the failed rule's message", arguments: Renderer.allCases)
    func rules(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        for rule in ReportFixture.rules {
            #expect(text.contains(rule.version))
            #expect(text.contains(rule.pluginPath))
        }
        #expect(text.contains("in-process"))
        #expect(text.contains("runner"))
        #expect(text.contains("min_shared_items"))
        #expect(text.contains(renderer == .html ? "&quot;jaccard&quot;" : "\"jaccard\""))
        #expect(text.contains("FAILED: runner exited with signal 11 (SIGSEGV) after 2.1 s"))
        #expect(text.contains("succeeded, 3 findings"))
    }

    @Test("the reviewer decision is shown with who, when and the note", arguments: Renderer.allCases)
    func reviewerDecision(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        #expect(text.contains("t.nguyen") || text.contains("t\\.nguyen"))
        #expect(text.contains("2026-11-20T16:12:00Z"))
        #expect(text.contains("Confirmed: token appears only in this vendor"))
    }

    @Test("a ring is its own section, listed once with all members", arguments: Renderer.allCases)
    func rings(renderer: Renderer) {
        let text = renderer.render(ReportFixture.model)
        #expect(text.contains(renderer == .html ? "<h2>Rings and groups</h2>" : "## Rings and groups"))
        #expect(text.components(separatedBy: "Group 1").count == 2)
        #expect(!text.contains("Group 2"))
        #expect(text.contains("3 members"))
    }

    @Test("same model, same bytes, whatever order the run filled it in", arguments: Renderer.allCases)
    func determinism(renderer: Renderer) {
        let first = renderer.render(ReportFixture.model)
        #expect(renderer.render(ReportFixture.model) == first)
        var shuffled = ReportFixture.model
        shuffled.annotators.reverse()
        shuffled.rules.reverse()
        shuffled.files.reverse()
        shuffled.annotators[0].findings.reverse()
        for index in shuffled.rules.indices { shuffled.rules[index].parameters.reverse() }
        #expect(renderer.render(shuffled) == first)
    }

    @Test("an empty run renders without sections that have nothing to show", arguments: Renderer.allCases)
    func emptyRun(renderer: Renderer) {
        var model = ReportFixture.model
        model.annotators = []
        model.weights = []
        model.counts.annotators = ReportModel.AnnotatorCounts(trusted: 0, downweighted: 0, flagged: 0, excluded: 0)
        let text = renderer.render(model)
        #expect(text.contains("No annotator was excluded or flagged."))
        #expect(!text.contains("Rings and groups"))
    }
}

extension ReportContentTests {
    @Test("a failed rule is called out in the summary", arguments: Renderer.allCases)
    func failedRuleWarning(renderer: Renderer) throws {
        let text = renderer.render(ReportFixture.model)
        let warning = "1 rule did not complete (agreement-drift): annotators were not checked by it in this run."
        let at = try #require(text.range(of: renderer == .html ? warning : MarkdownEscaping.text(warning)))
        let annotators = try #require(text.range(of: renderer == .html ? "<section id=\"annotators\"" : "## Excluded and flagged"))
        #expect(at.lowerBound < annotators.lowerBound)
        var healthy = ReportFixture.model
        healthy.rules.removeAll { $0.id == "agreement-drift" }
        #expect(!renderer.render(healthy).contains("did not complete"))
    }
}

extension ReportContentTests {
    @Test("long id lists are cut at 100 with a count; group members never", arguments: Renderer.allCases)
    func longIDLists(renderer: Renderer) {
        var model = ReportFixture.model
        let ratings = (0..<250).map { "r-\($0)" }
        let first = model.annotators[0].findings[0]
        model.annotators[0].findings[0] = ReportFixture.finding(
            ruleID: first.ruleID, score: first.score, strength: first.strength, action: first.action, summary: first.summary,
            evidence: first.evidence + [.ids("ratings_on_trigger_prompts", ratings)])
        let text = renderer.render(model)
        #expect(text.contains(renderer.id("r-99")))
        #expect(!text.contains(renderer.id("r-100")))
        #expect(text.contains("250:"))
        #expect(text.contains("… and 150 more"))
        #expect(ReportLayout.shownIDs(ratings, name: "ring_members").hidden == 0)
    }
}
