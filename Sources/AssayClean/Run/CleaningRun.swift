import AssayAttestation
import AssayCrypto
import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayStore
import Foundation

/// A cleaning run: snapshot → consensus and weights → rules → decisions → consensus on the
/// kept ratings → output files → signed attestation (`shared/contract/outputs-v1.md`).
///
/// Outputs are written into a temporary sibling directory and renamed into place at the end,
/// so a crash never leaves a half-written output directory; the run and its outcome are
/// appended to the audit log, and every annotator's weight joins their reputation history.
public enum CleaningRun {
    /// The contract files, in the order they are written.
    public static let contractFiles = [
        "dataset.jsonl", "scores.jsonl", "annotators.jsonl", "exclusions.jsonl", "report.md", "report.html",
        "attestation.dsse.json",
    ]

    public static func run(_ request: CleaningRequest, progress: (CleaningProgress) -> Void = { _ in }) throws -> CleaningResult {
        let clock = ContinuousClock.now
        func elapsed() -> Double {
            let duration = ContinuousClock.now - clock
            return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        func report(_ phase: CleaningProgress.Phase, _ message: String) {
            progress(CleaningProgress(phase: phase, message: message, elapsedSeconds: elapsed()))
        }
        let store = request.store
        let startedAt = Timestamp.now
        let runID =
            "run-"
            + startedAt.description.replacingOccurrences(of: ":", with: "").replacingOccurrences(of: "-", with: "")
            .prefix(17) + "-" + Hex.encode((0..<3).map { _ in UInt8.random(in: 0...255) })
        let output = request.outputDirectory.standardizedFileURL
        try prepareOutput(output, replace: request.replaceOutput)

        // Configuration (rules and plugins + policy), validated before any work.
        let config = try RunConfiguration.load(request.configFile)
        // Rule plugins are found, hashed, checked against the allowlist and loaded before any work.
        let host = try PluginHost(configuration: config.plugins, extraDirectories: request.pluginDirectories)
        defer { host.shutdown() }
        if request.requireRules, host.plugins.isEmpty {
            throw CleaningError.noRules(searched: PluginSearchPaths.standard(extra: request.pluginDirectories).directories.map(\.url.path))
        }

        // 1. Snapshot.
        let snapshot: SnapshotInfo
        if let name = request.snapshotName {
            snapshot = try store.snapshot(named: name)
        } else {
            snapshot = try store.createSnapshot(name: String(runID), upToBatch: nil, actor: request.actor)
        }
        guard snapshot.ratings > 0 else { throw CleaningError.emptySnapshot(snapshot.name) }
        try store.appendAudit(
            AuditEvent(
                actor: request.actor, action: "run.started", subject: String(runID),
                details: .object([("snapshot", .string(snapshot.name)), ("digest", .string(snapshot.digest))]), at: startedAt))
        report(.snapshot, "snapshot \(snapshot.name): reading \(snapshot.ratings) ratings")
        let readStart = elapsed()
        let loaded = try SnapshotLoader.load(store: store, watermark: snapshot.watermark) { count in
            let rate = Double(count) / max(elapsed() - readStart, 1e-6)
            let eta = Double(snapshot.ratings - count) / max(rate, 1)
            report(.snapshot, String(format: "read %d of %d ratings (%.0f/s, ETA %.0f s)", count, snapshot.ratings, rate, eta))
        }
        let view = loaded.view
        if loaded.superseded > 0 { report(.snapshot, "\(loaded.superseded) ratings superseded by a later revision, left out") }
        if let problem = view.validate() { throw CleaningError.output("the snapshot's columns are inconsistent: \(problem)") }
        report(.snapshot, "\(view.ratings.count) ratings, \(view.items.count) items, \(view.annotators.count) annotators")

        // 2. Consensus and weights over every rating.
        let histories = try store.annotatorHistories()
        let pastWeights = (0..<view.annotators.count).map { histories[view.annotators.ids[$0]]?.pastWeights ?? [] }
        let everything = [Bool](repeating: true, count: view.ratings.count)
        let objects = ResponseObjects(view)
        let first = try ConsensusEngine.compute(view, objects: objects, keep: everything, voteWeights: nil, histories: pastWeights)
        report(.consensus, "first pass done")

        // 3. Rules.
        report(.rules, "running \(host.plugins.count) rule plugin(s)")
        let rules = try host.run(snapshot: view, consensus: first.view)
        let findingCount = rules.results.reduce(0) { $0 + $1.findings.count }
        report(.rules, "\(rules.results.count) rule(s), \(findingCount) finding(s), \(rules.failedRules.count) failed")

        // 4. Decisions, then consensus again on what is kept, with the decided weights.
        let decisions = DecisionPolicy.decide(
            view: view, weights: first.weight, results: rules.results, reviewer: try store.latestDecisions(), policy: config.policy)
        let keep = decisions.removedBy.map(\.isEmpty)
        let final = try ConsensusEngine.compute(
            view, objects: objects, keep: keep, voteWeights: decisions.weight, histories: pastWeights)
        report(.decisions, "\(keep.filter { !$0 }.count) rating(s) removed by rules and decisions")

        // 5. Outputs, into a temporary sibling directory.
        let staging = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial-\(runID)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        var committed = false
        defer { if !committed { try? FileManager.default.removeItem(at: staging) } }
        let counts = try OutputFiles(view: view, consensus: final, decisions: decisions, policy: config.policy).write(to: staging)
        report(.outputs, "\(counts.datasetRows) dataset rows, \(counts.scoreRows) score rows, \(counts.excludedRatings) exclusions")
        // The head the attestation records; every rating read was already checked against its digest.
        let auditHead = try store.auditHead()
        let context = RunContext(
            runID: String(runID), request: request, config: config, snapshot: snapshot, view: view, consensus: final,
            decisions: decisions, rules: rules, counts: counts, startedAt: startedAt, auditHead: auditHead,
            superseded: loaded.superseded)
        try ReportFiles.write(context, to: staging)

        // 6. Attestation over every file.
        let predicate = context.predicate(finishedAt: Timestamp.now)
        let signer = AttestationSigner(privateKey: request.signingKey)
        _ = try signer.sign(directory: staging, predicate: predicate)
        report(.attestation, "signed with key \(request.signingKey.publicKey.keyID.prefix(16))…")

        if FileManager.default.fileExists(atPath: output.path) { try FileManager.default.removeItem(at: output) }
        try FileManager.default.moveItem(at: staging, to: output)
        committed = true

        let finishedAt = Timestamp.now
        try store.recordRun(
            RunRecord(
                runID: String(runID), snapshot: snapshot.name, snapshotDigest: snapshot.digest, startedAt: startedAt,
                finishedAt: finishedAt, actor: request.actor, output: output.path,
                summary: CanonicalJSON.encode(context.countsJSON)),
            annotators: (0..<view.annotators.count).map { annotator in
                AnnotatorRunOutcome(
                    annotatorID: view.annotators.ids[annotator], weight: decisions.weight[annotator],
                    status: decisions.status[annotator].rawValue, goldCorrect: final.goldCorrect[annotator],
                    goldTotal: final.goldTotal[annotator],
                    findings: CanonicalJSON.encode(.array(decisions.annotatorFindings[annotator].map(OutputFiles.findingJSON))))
            })
        var byStatus: [String: Int] = [:]
        for (status, count) in counts.annotatorsByStatus { byStatus[status.rawValue] = count }
        let files = (try FileManager.default.contentsOfDirectory(atPath: output.path)).sorted()
        return CleaningResult(
            runID: String(runID), outputDirectory: output, snapshot: snapshot, ratings: view.ratings.count,
            datasetRows: counts.datasetRows, scoreRows: counts.scoreRows, excludedRatings: counts.excludedRatings,
            uncertainItems: counts.uncertainItems, annotatorsByStatus: byStatus, rulesRun: rules.results.count,
            rulesFailed: rules.failedRules.map(\.rule.id), files: files, keyID: request.signingKey.publicKey.keyID,
            seconds: elapsed())
    }

    /// Refuses to overwrite a non-empty directory unless asked; never touches files it did not write.
    static func prepareOutput(_ output: URL, replace: Bool) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: output.path, isDirectory: &isDirectory) else {
            try FileManager.default.createDirectory(
                at: output.deletingLastPathComponent(), withIntermediateDirectories: true)
            return
        }
        guard isDirectory.boolValue else { throw CleaningError.output("\(output.path) exists and is not a directory") }
        let entries = try FileManager.default.contentsOfDirectory(atPath: output.path)
        guard !entries.isEmpty else { return }
        let foreign = entries.filter { !contractFiles.contains($0) }
        guard replace else {
            throw CleaningError.output("\(output.path) is not empty; choose a new directory or pass --force to replace a previous run's outputs")
        }
        guard foreign.isEmpty else {
            throw CleaningError.output(
                "\(output.path) holds files that are not a run's outputs (\(foreign.sorted().joined(separator: ", "))); refusing to replace it")
        }
    }
}
