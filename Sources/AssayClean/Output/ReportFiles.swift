import AssayCrypto
import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayReport
import Foundation

/// Writes `report.md` and `report.html` for a finished run, from the same facts as the
/// contract files (the renderers live in AssayReport and do no I/O).
enum ReportFiles {
    static func write(_ context: RunContext, to directory: URL) throws {
        let model = try ReportModelBuilder(context: context, directory: directory).build()
        try Data(MarkdownReport.render(model).utf8).write(to: directory.appendingPathComponent("report.md"))
        try Data(HTMLReport.render(model).utf8).write(to: directory.appendingPathComponent("report.html"))
    }
}

/// Fills the report model from a run's context.
struct ReportModelBuilder {
    let context: RunContext
    let directory: URL

    /// Examples shown per flagged or excluded annotator.
    static let examplesPerAnnotator = 3

    func build() throws -> ReportModel {
        let view = context.view
        let decisions = context.decisions
        var weights: [Double] = []
        var annotators: [ReportModel.Annotator] = []
        for annotator in 0..<view.annotators.count {
            weights.append(min(1, max(0, decisions.weight[annotator])))
            let status = ReportModel.Status(rawValue: decisions.status[annotator].rawValue) ?? .trusted
            let findings = decisions.annotatorFindings[annotator]
            guard status == .flagged || status == .excluded || !findings.isEmpty || decisions.reviewer[annotator] != nil else { continue }
            var reasons = findings.map { "\($0.ruleID): \($0.summary)" }
            if let decision = decisions.reviewer[annotator] {
                reasons.insert("reviewer \(decision.actor) decided \(decision.verdict.rawValue)", at: 0)
            }
            annotators.append(
                ReportModel.Annotator(
                    id: view.annotators.ids[annotator], status: status, weight: weights[annotator],
                    ratings: view.ratingRows(ofAnnotator: annotator).count, reasons: reasons,
                    reviewerDecision: decisions.reviewer[annotator].map { decision in
                        // The status the decision led to in this run (AnnotatorStatus.effective), not a second rule.
                        ReportModel.ReviewerDecision(
                            status: status, reviewer: decision.actor,
                            decidedAt: Self.date(decision.decidedAt), note: decision.note)
                    },
                    findings: findings,
                    examples: decisions.status[annotator] >= .flagged || !findings.isEmpty ? examples(of: annotator) : []))
        }
        let counts = context.counts
        let model = ReportModel(
            run: ReportModel.Run(
                id: context.runID, startedAt: Self.date(context.startedAt), finishedAt: Date(), assayVersion: RunContext.toolVersion,
                commandLine: context.request.commandLine,
                input: context.request.inputDescription.hasPrefix("store ")
                    ? .store(path: String(context.request.inputDescription.dropFirst(6)))
                    : .files(String(context.request.inputDescription.dropFirst(6)).components(separatedBy: ", ")),
                snapshot: ReportModel.Snapshot(name: context.snapshot.name, watermark: context.snapshot.watermark, digest: context.snapshot.digest),
                weightingMethod: ConsensusOutcome.method, configPath: context.config.source, configDigest: context.config.digest,
                outputDirectory: context.request.outputDirectory.path),
            counts: ReportModel.Counts(
                ratingsInSnapshot: view.ratings.count, ratingsKept: view.ratings.count - counts.excludedRatings,
                ratingsExcluded: counts.excludedRatings, datasetRows: counts.datasetRows, scoreRows: counts.scoreRows,
                itemsLeftOutUncertain: counts.uncertainItems,
                annotators: ReportModel.AnnotatorCounts(
                    trusted: counts.annotatorsByStatus[.trusted] ?? 0, downweighted: counts.annotatorsByStatus[.downweighted] ?? 0,
                    flagged: counts.annotatorsByStatus[.flagged] ?? 0, excluded: counts.annotatorsByStatus[.excluded] ?? 0),
                datasetRowsByMargin: zip(MarginBands.lowerBounds, counts.rowsByMargin).map { ReportModel.MarginCount(lower: $0, rows: $1) },
                ratingsSuperseded: context.superseded),
            weights: weights, annotators: annotators, rules: rules(),
            files: context.counts.digests.keys.sorted().map { name in
                ReportModel.OutputFile(name: name, sha256: context.counts.digests[name]!)
            },
            signerKeyID: context.request.signingKey.publicKey.keyID)
        return model
    }

    private func rules() -> [ReportModel.Rule] {
        var rules = context.rules.results.map { result in
            ReportModel.Rule(
                id: result.rule.id, version: result.rule.version, summary: result.rule.summary, pluginPath: result.plugin.path,
                pluginDigest: result.plugin.digest.hex, isolation: result.isolation == .runner ? .runner : .inProcess,
                parameters: result.parameters.values.sorted { $0.key < $1.key }.map { ReportModel.Parameter($0.key, $0.value) },
                outcome: result.failure.map { .failed(message: $0.description) } ?? .succeeded(findings: result.findings.count))
        }
        for failure in context.rules.pluginFailures {
            rules.append(
                ReportModel.Rule(
                    id: "(plugin)", version: "-", summary: nil, pluginPath: failure.description, pluginDigest: "", isolation: .inProcess,
                    parameters: [], outcome: .skipped(reason: failure.description)))
        }
        return rules
    }

    /// A few of the annotator's ratings, those that disagree with consensus first.
    private func examples(of annotator: Int) -> [ReportModel.ExampleRating] {
        let view = context.view
        let ratings = view.ratings
        var disagreeing: [ReportModel.ExampleRating] = []
        var others: [ReportModel.ExampleRating] = []
        for row in view.ratingRows(ofAnnotator: annotator).prefix(500) {
            let row = Int(row)
            let item = Int(ratings.item[row])
            let prompt = view.items.prompts[item]
            let excerpt = prompt.count > 120 ? String(prompt.prefix(117)) + "…" : prompt
            let (answer, consensus, disagrees) = describe(row: row, item: item)
            let example = ReportModel.ExampleRating(
                ratingID: ratings.ids[row], itemID: view.items.ids[item], promptExcerpt: excerpt, answer: answer, consensus: consensus,
                note: context.decisions.reason[row])
            if disagrees { disagreeing.append(example) } else { others.append(example) }
            if disagreeing.count >= Self.examplesPerAnnotator { break }
        }
        return Array((disagreeing + others).prefix(Self.examplesPerAnnotator))
    }

    private func describe(row: Int, item: Int) -> (answer: String, consensus: String, disagrees: Bool) {
        let view = context.view
        let ratings = view.ratings
        let responses = view.items.responses(of: item)
        func responseID(_ position: Int) -> String { view.items.responseIDs[responses.lowerBound + position] }
        switch RatingKind(rawValue: ratings.kind[row]) {
        case .pairwise:
            let choice = Int(ratings.choice[row])
            let answer = choice == 2 ? "tie" : responseID(choice)
            let p = (0..<3).map { context.consensus.pairwisePosterior[3 * item + $0] }
            guard !p[0].isNaN else { return (answer, "no consensus (item left out)", false) }
            let best = p.indices.max { p[$0] < p[$1] }!
            let consensus = String(format: "%@ (P %.2f)", best == 2 ? "tie" : responseID(best), p[best])
            return (answer, consensus, best != choice)
        case .ranking:
            let answer = ratings.ranking[row].map { responseID(Int($0)) }.joined(separator: " > ")
            return (answer, "pairwise consensus in dataset.jsonl", false)
        case .score:
            let answer = ratings.scores[row].map { "\(responseID(Int($0.response))): \(CanonicalJSON.numberText($0.value))" }
                .joined(separator: ", ")
            return (answer, "consensus in scores.jsonl", false)
        case nil:
            return ("?", "?", false)
        }
    }

    static func date(_ timestamp: Timestamp) -> Date {
        Date(timeIntervalSince1970: Double(timestamp.millisecondsSinceEpoch) / 1000)
    }
}
