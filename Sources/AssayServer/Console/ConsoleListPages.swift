import AssayEvaluate
import AssayModel
import AssayStore

/// A choice of a `<select>`.
struct ConsoleOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// The review queue's content (`/console/queue?status=&rule=&run=&sort=`).
struct ConsoleQueuePage: Sendable {
    struct Row: Sendable {
        let id: String
        let path: String
        let status: String
        let effective: String
        let effectiveDiffers: Bool
        let weight: String
        let gold: String
        let strength: String
        let rules: [String]
        let decision: String
    }

    /// The query fields, checked.
    struct Filter: Sendable {
        static let statuses = ["flagged", "excluded", "downweighted", "trusted", "all"]
        static let sorts = ["strength", "weight", "id"]
        var status = "flagged"
        var rule = "all"
        var run: String?
        var sort = "strength"

        init(query: (String) -> String?) throws {
            if let status = query("status"), !status.isEmpty {
                guard Self.statuses.contains(status) else {
                    throw ConsoleError(status: .badRequest, message: "status must be one of \(Self.statuses.joined(separator: ", "))")
                }
                self.status = status
            }
            if let sort = query("sort"), !sort.isEmpty {
                guard Self.sorts.contains(sort) else {
                    throw ConsoleError(status: .badRequest, message: "sort must be one of \(Self.sorts.joined(separator: ", "))")
                }
                self.sort = sort
            }
            if let rule = query("rule"), !rule.isEmpty { self.rule = rule }
            if let run = query("run"), !run.isEmpty, run != "newest" { self.run = run }
        }
    }

    let runID: String
    let runFinished: String?
    let count: Int
    let plural: String
    let empty: Bool
    let rows: [Row]
    let statuses: [ConsoleOption]
    let rules: [ConsoleOption]
    let runs: [ConsoleOption]
    let sorts: [ConsoleOption]

    init(filter: Filter, standings: [AnnotatorStanding], run: RunRecord?, allRuns: [RunRecord]) {
        let parsed = standings.map { ($0, ConsoleFinding.parse($0.outcome.findings)) }
        let ruleIDs = Set(parsed.flatMap { $0.1.map(\.rule) }).sorted()
        var rows = parsed.filter { standing, findings in
            (filter.status == "all" || standing.outcome.status == filter.status)
                && (filter.rule == "all" || findings.contains { $0.rule == filter.rule })
        }
        switch filter.sort {
        case "weight": rows.sort { ($0.0.outcome.weight, $0.0.outcome.annotatorID) < ($1.0.outcome.weight, $1.0.outcome.annotatorID) }
        case "id": rows.sort { $0.0.outcome.annotatorID < $1.0.outcome.annotatorID }
        default:
            rows.sort {
                let (a, b) = (ConsoleFinding.strength($0.1), ConsoleFinding.strength($1.1))
                return a != b ? a > b : $0.0.outcome.annotatorID < $1.0.outcome.annotatorID
            }
        }
        self.rows = rows.map { standing, findings in
            let outcome = standing.outcome
            let effective =
                AnnotatorStatus(rawValue: outcome.status).map {
                    AnnotatorStatus.effective(rules: $0, weight: outcome.weight, verdict: standing.decision?.verdict).rawValue
                } ?? outcome.status
            let strength = ConsoleFinding.strength(findings)
            return Row(
                id: outcome.annotatorID, path: ConsoleFormat.urlComponent(outcome.annotatorID), status: outcome.status, effective: effective,
                effectiveDiffers: effective != outcome.status,
                weight: ConsoleFormat.weight(outcome.weight), gold: ConsoleFormat.gold(correct: outcome.goldCorrect, total: outcome.goldTotal),
                strength: strength > 0 ? String(format: "%.1f", strength) : "—", rules: Array(Set(findings.map(\.rule))).sorted(),
                decision: standing.decision.map { "\($0.verdict.rawValue) by \($0.actor)" } ?? "—")
        }
        runID = run?.runID ?? "—"
        runFinished = run.map { ConsoleFormat.time($0.finishedAt) }
        count = rows.count
        plural = rows.count == 1 ? "" : "s"
        empty = rows.isEmpty
        statuses = Filter.statuses.map { ConsoleOption(value: $0, label: $0, selected: $0 == filter.status) }
        self.rules = (["all"] + ruleIDs).map { ConsoleOption(value: $0, label: $0 == "all" ? "any rule" : $0, selected: $0 == filter.rule) }
        runs =
            [ConsoleOption(value: "newest", label: "newest run", selected: filter.run == nil)]
            + allRuns.reversed().map { ConsoleOption(value: $0.runID, label: $0.runID, selected: $0.runID == filter.run) }
        sorts = Filter.sorts.map { ConsoleOption(value: $0, label: $0 == "strength" ? "strength of evidence" : $0, selected: $0 == filter.sort) }
    }
}

/// The runs page's content (`/console/runs`), newest first.
struct ConsoleRunsPage: Sendable {
    struct Row: Sendable {
        let index: Int
        let runID: String
        let path: String
        let snapshot: String
        let finished: String
        let actor: String
        let ratings: String
        let excluded: String
        let datasetRows: String
        let annotators: String
    }

    let isAdmin: Bool
    let empty: Bool
    let rows: [Row]

    init(runs: [RunRecord], role: TokenRole) {
        isAdmin = role == .admin
        empty = runs.isEmpty
        rows = runs.reversed().enumerated().map { index, run in
            let summary = (try? JSONParser.parse(run.summary)) ?? .null
            func count(_ path: String...) -> String {
                var value: JSONValue? = summary
                for key in path { value = value?[key] }
                return value?.numberValue.map { ConsoleFinding.Evidence.number($0) } ?? "—"
            }
            var annotators = "—"
            if case .object(let members) = summary["annotators_by_status"] ?? .null {
                annotators = members.filter { ($0.value.numberValue ?? 0) > 0 }.map {
                    "\(ConsoleFinding.Evidence.number($0.value.numberValue ?? 0)) \($0.key)"
                }.joined(separator: ", ")
            }
            return Row(
                index: index, runID: run.runID, path: ConsoleFormat.urlComponent(run.runID), snapshot: run.snapshot,
                finished: ConsoleFormat.time(run.finishedAt), actor: run.actor,
                ratings: count("ratings"), excluded: count("excluded_ratings"), datasetRows: count("dataset_rows"), annotators: annotators)
        }
    }
}

/// The releases page's content (`/console/releases`), newest first.
struct ConsoleReleasesPage: Sendable {
    struct Row: Sendable {
        let index: Int
        let releaseID: String
        let path: String
        let runID: String
        let status: String
        let badge: String
        let requestedBy: String
        let requestedAt: String
        let note: String?
        let approvedBy: String?
        let approvedAt: String?
        let approvalNote: String?
        let canApprove: Bool
        let why: String?
        /// Against the last approved release, for a pending one.
        let comparison: String?
    }

    let empty: Bool
    let rows: [Row]

    /// One line: what approving would change against `baseline` (flips, status changes, pairs, the chosen-longer share).
    static func comparison(_ diff: RunDiff, baseline: Release) -> String {
        let longer = diff.shares.first { $0.label == "chosen_longer" }
        let shift = longer.map { String(format: "; rows preferring the longer response %.1f%% → %.1f%%", $0.before * 100, $0.after * 100) } ?? ""
        return "Against \(baseline.releaseID) (run \(baseline.runID)): \(diff.flips.count) flipped preferences, "
            + "\(diff.statusChanges.count) annotator status changes, \(diff.pairsOnlyAfter) new and \(diff.pairsOnlyBefore) dropped pairs\(shift) "
            + "(assay diff shows each)."
    }

    init(releases: [Release], caller: Caller, comparisons: [String: String] = [:]) {
        empty = releases.isEmpty
        rows = releases.reversed().enumerated().map { index, release in
            let pending = release.approvedBy == nil
            let own = release.requestedBy == caller.name
            let why: String? =
                !pending ? nil : caller.role != .admin ? "an admin approves" : own ? "you requested it: another admin approves" : nil
            return Row(
                index: index, releaseID: release.releaseID, path: ConsoleFormat.urlComponent(release.releaseID), runID: release.runID,
                status: release.status,
                badge: pending ? "pending" : "released", requestedBy: release.requestedBy, requestedAt: ConsoleFormat.time(release.requestedAt),
                note: release.note.isEmpty ? nil : release.note, approvedBy: release.approvedBy,
                approvedAt: release.approvedAt.map(ConsoleFormat.time), approvalNote: release.approvalNote.flatMap { $0.isEmpty ? nil : $0 },
                canApprove: pending && caller.role == .admin && !own, why: why, comparison: comparisons[release.releaseID])
        }
    }
}
