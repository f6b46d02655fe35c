import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayReport
import AssayStore

/// A rule's finding attributed to the rule: the report's own type, so the report shows what the rules returned.
typealias AttributedFinding = ReportModel.Finding

/// What the policy decided for one run.
struct Decisions: Sendable {
    var status: [AnnotatorStatus]
    var weight: [Double]
    /// Per annotator: findings about them (annotator-level) in rule order.
    var annotatorFindings: [[AttributedFinding]]
    /// Per rating: the ids of the rules (or `annotator_excluded` / `annotator_flagged`) that removed it.
    var removedBy: [[String]]
    /// Per rating: the reason sentence for the exclusion report.
    var reason: [String?]
    /// Per annotator: the reviewer decision taken into account, if any.
    var reviewer: [ReviewerDecision?]
}

private struct RatingFindingKey: Hashable {
    let annotator: Int
    let rule: String
}

/// Turns rule findings, reviewer decisions and weights into statuses and exclusions.
///
/// Order of precedence: a reviewer's `confirm` excludes and a reviewer's `clear` trusts (no
/// annotator-level finding is acted on for a cleared annotator; rating-level removals such as
/// replayed duplicates still apply). Otherwise, per annotator-level finding: `exclude_annotator`
/// with a calibrated strength → excluded (uncalibrated → flagged unless the policy allows);
/// `flag_for_review` and annotator-level `exclude_ratings` → flagged; `downweight` → weight ×
/// `downweight_factor`. The most severe outcome wins. An annotator whose final weight is below
/// `downweight_below` is at least `downweighted`: weak but honest annotators lose weight, they
/// are never excluded for it. Rating-level `exclude_ratings` findings remove those ratings.
/// Flagged annotators' ratings are held out of this dataset until a reviewer decides.
enum DecisionPolicy {
    static func decide(
        view: SnapshotView, weights: [Double], results: [RuleResult], reviewer: [String: ReviewerDecision], policy: CleaningPolicy
    ) -> Decisions {
        let annotatorCount = view.annotators.count
        let ratingCount = view.ratings.count
        var status = [AnnotatorStatus](repeating: .trusted, count: annotatorCount)
        var weight = weights
        var findings = [[AttributedFinding]](repeating: [], count: annotatorCount)
        var removedBy = [[String]](repeating: [], count: ratingCount)
        var reason = [String?](repeating: nil, count: ratingCount)
        var reviewed = [ReviewerDecision?](repeating: nil, count: annotatorCount)
        var decidingSummary = [String?](repeating: nil, count: annotatorCount)
        var decidingRules = [[String]](repeating: [], count: annotatorCount)
        var ratingFindings: [RatingFindingKey: [Finding]] = [:]
        var ratingFindingOrder: [RatingFindingKey] = []

        for annotator in 0..<annotatorCount {
            reviewed[annotator] = reviewer[view.annotators.ids[annotator]]
        }
        for result in results {
            let rule = result.rule.id
            for finding in result.findings {
                switch finding.subject {
                case .rating(let row):
                    let row = Int(row)
                    guard row >= 0, row < ratingCount else { continue }
                    if finding.action == .excludeRatings || finding.action == .excludeAnnotator {
                        if !removedBy[row].contains(rule) { removedBy[row].append(rule) }
                        reason[row] = reason[row] ?? "\(rule): \(finding.summary)"
                    }
                    let annotator = Int(view.ratings.annotator[row])
                    let key = RatingFindingKey(annotator: annotator, rule: rule)
                    if ratingFindings[key] == nil { ratingFindingOrder.append(key) }
                    ratingFindings[key, default: []].append(finding)
                case .annotator(let row):
                    let annotator = Int(row)
                    guard annotator >= 0, annotator < annotatorCount else { continue }
                    findings[annotator].append(AttributedFinding(ruleID: rule, finding: finding))
                    if let decision = reviewed[annotator] {
                        _ = decision
                        continue
                    }
                    let outcome: AnnotatorStatus
                    switch finding.action {
                    case .excludeAnnotator:
                        let calibrated: Bool
                        if case .uncalibrated = finding.strength { calibrated = false } else { calibrated = true }
                        outcome = calibrated || !policy.excludeRequiresCalibration ? .excluded : .flagged
                    case .flagForReview, .excludeRatings:
                        outcome = .flagged
                    case .downweight:
                        weight[annotator] *= policy.downweightFactor
                        outcome = .downweighted
                    }
                    if outcome > status[annotator] {
                        status[annotator] = outcome
                        decidingSummary[annotator] = "\(rule): \(finding.summary.trimmingTrailingPeriod)"
                    }
                    if outcome >= .flagged, !decidingRules[annotator].contains(rule) { decidingRules[annotator].append(rule) }
                }
            }
        }
        // Rating-level findings are summarised per annotator and rule (one line in the report).
        for key in ratingFindingOrder {
            let list = ratingFindings[key]!
            let strongest = list.max { $0.score < $1.score }!
            let summary = list.count == 1 ? strongest.summary : "\(list.count) ratings: \(strongest.summary)"
            findings[key.annotator].append(
                AttributedFinding(
                    ruleID: key.rule,
                    finding: Finding(
                        subject: .annotator(Int32(key.annotator)), score: strongest.score, strength: strongest.strength,
                        action: strongest.action, summary: summary,
                        evidence: [.number("ratings_affected", Double(list.count))] + strongest.evidence)))
        }
        for annotator in 0..<annotatorCount {
            let verdict = reviewed[annotator]?.verdict
            status[annotator] = AnnotatorStatus.effective(
                rules: status[annotator], weight: weight[annotator], verdict: verdict, downweightBelow: policy.downweightBelow)
            if verdict == .confirm, let decision = reviewed[annotator] {
                decidingSummary[annotator] = "a reviewer (\(decision.actor)) confirmed: \(decision.note.trimmingTrailingPeriod)"
            }
        }
        for row in 0..<ratingCount {
            let annotator = Int(view.ratings.annotator[row])
            let id = view.annotators.ids[annotator]
            switch status[annotator] {
            case .excluded:
                removedBy[row] = ["annotator_excluded"] + removedBy[row].filter { $0 != "annotator_excluded" }
                reason[row] = "Annotator \(id) is excluded (\(decidingSummary[annotator] ?? "excluded"))."
            case .flagged:
                removedBy[row] = ["annotator_flagged"] + decidingRules[annotator] + removedBy[row]
                reason[row] = "Held for review: annotator \(id) is flagged (\(decidingSummary[annotator] ?? "flagged"))."
            default:
                break
            }
        }
        for annotator in 0..<annotatorCount where status[annotator] >= .flagged {
            weight[annotator] = 0
        }
        return Decisions(
            status: status, weight: weight, annotatorFindings: findings, removedBy: removedBy, reason: reason, reviewer: reviewed)
    }
}

extension String {
    /// The sentence without its final period, to nest it inside another sentence.
    var trimmingTrailingPeriod: String { hasSuffix(".") ? String(dropLast()) : self }
}
