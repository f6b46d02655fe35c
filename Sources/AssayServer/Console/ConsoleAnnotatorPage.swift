import AssayModel
import AssayStore

/// The annotator page's content (`/console/annotators/{id}`), built from what the store and the newest run hold.
struct ConsoleAnnotatorPage: Sendable {
    struct Current: Sendable {
        let runID: String
        let status: String
        let effective: String
        let effectiveDiffers: Bool
        let weight: String
        let gold: String
    }

    struct Decision: Sendable {
        let verdict: String
        let actor: String
        let at: String
        let note: String
    }

    struct HistoryRow: Sendable {
        let runID: String
        let finished: String
        let status: String
        let weight: String
        let goldCounts: String
        let goldAccuracy: String
        let findings: Int
    }

    struct Sample: Sendable {
        let ratingID: String
        let itemID: String
        let gold: Bool
        let submitted: String
        let took: String
        let answer: String
        let answerClass: String
        let consensus: String
    }

    let id: String
    let path: String
    let role: String
    let canDecide: Bool
    let current: Current?
    let latestDecision: Decision?
    let decisions: [Decision]
    let noDecisions: Bool
    let findings: [ConsoleFinding]
    let noFindings: Bool
    let history: [HistoryRow]
    let timeline: ConsoleTimeline?
    let samples: [Sample]
    let hasSamples: Bool

    /// Samples shown in the table (the timeline shows every rating read).
    static let sampleRows = 25
    /// Ratings read for the timeline: the annotator's newest.
    static let timelineRatings = 200

    init(
        id: String, role: TokenRole, standing: AnnotatorStanding?, history: [AnnotatorRunEntry], decisions: [ReviewerDecision],
        ratings: [StoredRating], consensus: ConsoleConsensus
    ) {
        self.id = id
        path = ConsoleFormat.urlComponent(id)
        self.role = role.rawValue
        canDecide = role == .reviewer
        current = standing.map { standing in
            let outcome = standing.outcome
            let effective =
                AnnotatorStatus(rawValue: outcome.status).map {
                    AnnotatorStatus.effective(rules: $0, weight: outcome.weight, verdict: standing.decision?.verdict).rawValue
                } ?? outcome.status
            return Current(
                runID: standing.runID, status: outcome.status, effective: effective, effectiveDiffers: effective != outcome.status,
                weight: ConsoleFormat.weight(outcome.weight), gold: ConsoleFormat.gold(correct: outcome.goldCorrect, total: outcome.goldTotal))
        }
        let shown = decisions.reversed().map { decision in
            Decision(verdict: decision.verdict.rawValue, actor: decision.actor, at: ConsoleFormat.time(decision.decidedAt), note: decision.note)
        }
        self.decisions = shown
        latestDecision = shown.first
        noDecisions = shown.isEmpty
        findings = standing.map { ConsoleFinding.parse($0.outcome.findings) } ?? []
        noFindings = findings.isEmpty
        self.history = history.reversed().map { entry in
            let outcome = entry.outcome
            return HistoryRow(
                runID: entry.runID, finished: ConsoleFormat.time(entry.finishedAt), status: outcome.status,
                weight: ConsoleFormat.weight(outcome.weight),
                goldCounts: outcome.goldTotal > 0 ? "\(outcome.goldCorrect)/\(outcome.goldTotal)" : "—",
                goldAccuracy: outcome.goldTotal > 0 ? String(format: "%.0f%%", Double(outcome.goldCorrect) / Double(outcome.goldTotal) * 100) : "—",
                findings: ConsoleFinding.parse(outcome.findings).count)
        }
        let compared = ratings.map { Self.compare($0.rating, consensus: consensus) }
        timeline = ConsoleTimeline(
            zip(ratings, compared).map { stored, comparison in
                let rating = stored.rating
                return ConsoleTimeline.Input(
                    submittedMs: rating.submittedAt.millisecondsSinceEpoch, durationMs: rating.durationMs, kind: comparison.kind,
                    gold: rating.gold != nil,
                    label: "\(rating.ratingID) on \(rating.itemID): \(comparison.answer); \(comparison.kind)"
                        + (rating.durationMs.map { ", took " + ConsoleFormat.duration(milliseconds: $0) } ?? ""))
            })
        samples = zip(ratings, compared).prefix(Self.sampleRows).map { stored, comparison in
            let rating = stored.rating
            return Sample(
                ratingID: rating.ratingID, itemID: rating.itemID, gold: rating.gold != nil, submitted: ConsoleFormat.time(rating.submittedAt),
                took: rating.durationMs.map { ConsoleFormat.duration(milliseconds: $0) } ?? "—", answer: comparison.answer,
                answerClass: comparison.kind, consensus: comparison.consensus)
        }
        hasSamples = !samples.isEmpty
    }

    /// A rating's answer and the run's consensus on its item, and whether they agree (`agrees`, `disagrees`, `neutral`).
    static func compare(_ rating: Rating, consensus: ConsoleConsensus) -> (answer: String, consensus: String, kind: String) {
        let pairs = consensus.pairs[rating.itemID] ?? []
        switch rating.answer {
        case .pairwise(let choice, _):
            let answer = choice == .tie ? "tie" : "prefers \(choice.contractValue)"
            guard let pair = pairs.first else { return (answer, "no consensus row (left out of the dataset)", "neutral") }
            let text = "\(pair.chosen) over \(pair.rejected) (margin \(String(format: "%.2f", pair.margin)))"
            switch choice {
            case .tie: return (answer, text, "neutral")
            case .response(let id): return (answer, text, id == pair.chosen ? "agrees" : "disagrees")
            }
        case .ranking(let order):
            let answer = order.joined(separator: " > ")
            guard !pairs.isEmpty else { return (answer, "no consensus pair kept", "neutral") }
            let position = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            let agreeing = pairs.filter { pair in
                guard let better = position[pair.chosen], let worse = position[pair.rejected] else { return false }
                return better < worse
            }.count
            let text = pairs.map { "\($0.chosen) > \($0.rejected)" }.joined(separator: ", ") + " — they agree with \(agreeing) of \(pairs.count)"
            return (answer, text, 2 * agreeing >= pairs.count ? "agrees" : "disagrees")
        case .score(let scores, _, let attribute):
            let answer = scores.map { "\($0.responseID): \(ConsoleFinding.Evidence.number($0.score))" }.joined(separator: ", ") + " (\(attribute))"
            let cells = (consensus.scores[rating.itemID] ?? []).filter { $0.attribute == attribute }
            guard !cells.isEmpty else { return (answer, "no consensus score kept", "neutral") }
            return (answer, cells.map { "\($0.responseID): \(String(format: "%.2f", $0.score))" }.joined(separator: ", "), "neutral")
        }
    }
}

extension ConsoleFinding.Evidence {
    /// A number without trailing zeros.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(format: "%.3g", value)
    }
}
