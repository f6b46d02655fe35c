import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayStore
import Foundation

/// Everything a finished run knows, for the report and the attestation predicate.
struct RunContext {
    let runID: String
    let request: CleaningRequest
    let config: RunConfiguration
    let snapshot: SnapshotInfo
    let view: SnapshotView
    let consensus: ConsensusOutcome
    let decisions: Decisions
    let rules: RuleRunReport
    let counts: OutputFiles.Counts
    let startedAt: Timestamp
    let auditHead: String
    /// Ratings of the snapshot left out because a later revision supersedes them (`meta.supersedes`).
    var superseded = 0

    static let toolVersion = AssayVersion.current

    var countsJSON: JSONValue {
        .object([
            ("ratings", .number(Double(view.ratings.count))),
            ("superseded_ratings", .number(Double(superseded))),
            ("items", .number(Double(view.items.count))),
            ("annotators", .number(Double(view.annotators.count))),
            ("dataset_rows", .number(Double(counts.datasetRows))),
            ("pairwise_rows", .number(Double(counts.pairwiseRows))),
            ("ranking_rows", .number(Double(counts.rankingRows))),
            ("score_rows", .number(Double(counts.scoreRows))),
            ("excluded_ratings", .number(Double(counts.excludedRatings))),
            ("uncertain_items", .number(Double(counts.uncertainItems))),
            ("annotators_by_status", .object(AnnotatorStatus.allCases.map { ($0.rawValue, .number(Double(counts.annotatorsByStatus[$0] ?? 0))) })),
        ])
    }

    func rulesJSON() -> JSONValue {
        .array(
            rules.results.map { result in
                var members: [(key: String, value: JSONValue)] = [
                    ("id", .string(result.rule.id)),
                    ("version", .string(result.rule.version)),
                    (
                        "plugin",
                        .object([
                            ("path", .string(result.plugin.path)), ("sha256", .string(result.plugin.digest.hex)),
                            ("origin", .string(result.plugin.origin.rawValue)),
                        ])
                    ),
                    ("isolation", .string(result.isolation.rawValue)),
                    ("parameters", .object(result.parameters.values.keys.sorted().map { key in (key, Self.json(result.parameters.values[key]!)) })),
                ]
                if let failure = result.failure {
                    members.append(("outcome", .string("failed")))
                    members.append(("error", .string(failure.description)))
                } else {
                    members.append(("outcome", .string("succeeded")))
                    members.append(("findings", .number(Double(result.findings.count))))
                }
                return .object(members)
            })
    }

    static func json(_ value: ParameterValue) -> JSONValue {
        switch value {
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .number(Double(number))
        case .double(let number): return .number(number)
        case .string(let text): return .string(text)
        }
    }

    /// The in-toto predicate: snapshot, config, rules with plugin digests, weighting, tool, counts.
    func predicate(finishedAt: Timestamp) -> JSONValue {
        .object([
            ("run_id", .string(runID)),
            ("tool", .object([("name", .string("assay")), ("version", .string(Self.toolVersion))])),
            ("command", .array(request.commandLine.map(JSONValue.string))),
            ("started_at", .string(startedAt.description)),
            ("finished_at", .string(finishedAt.description)),
            ("input", .string(request.inputDescription)),
            (
                "snapshot",
                .object([
                    ("name", .string(snapshot.name)), ("watermark", .number(Double(snapshot.watermark))),
                    ("digest", .string(snapshot.digest)), ("ratings", .number(Double(snapshot.ratings))),
                ])
            ),
            ("audit_head", .string(auditHead)),
            (
                "config",
                .object([
                    ("path", config.source.map(JSONValue.string) ?? .null),
                    ("sha256", config.digest.map(JSONValue.string) ?? .null),
                    ("on_rule_failure", .string(config.plugins.onRuleFailure.rawValue)),
                    (
                        "trusted_plugins",
                        config.plugins.trustedDigests.map { .array($0.map(\.hex).sorted().map(JSONValue.string)) } ?? .null
                    ),
                    ("policy", config.policy.json),
                ])
            ),
            (
                "weighting",
                .object([
                    ("method", .string(ConsensusOutcome.method)), ("reference", .string("Docs/weighting.md")),
                ])
            ),
            ("rules", rulesJSON()),
            ("plugins", .array(rules.plugins.map { .object([("path", .string($0.path)), ("sha256", .string($0.digest.hex))]) })),
            ("plugin_failures", .array(rules.pluginFailures.map { .string($0.description) })),
            ("counts", countsJSON),
        ])
    }
}
