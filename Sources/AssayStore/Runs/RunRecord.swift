import AssayModel

/// A finished cleaning run as remembered by the store (its outputs live in `output`).
public struct RunRecord: Sendable, Equatable {
    public let runID: String
    public let snapshot: String
    public let snapshotDigest: String
    public let startedAt: Timestamp
    public let finishedAt: Timestamp
    public let actor: String
    /// Where the outputs were written.
    public let output: String
    /// Counts and settings, canonical JSON.
    public let summary: String

    public init(
        runID: String, snapshot: String, snapshotDigest: String, startedAt: Timestamp, finishedAt: Timestamp, actor: String,
        output: String, summary: String
    ) {
        self.runID = runID
        self.snapshot = snapshot
        self.snapshotDigest = snapshotDigest
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.actor = actor
        self.output = output
        self.summary = summary
    }
}

/// One annotator's outcome in a run: the history reputation is built from.
public struct AnnotatorRunOutcome: Sendable, Equatable {
    public let annotatorID: String
    public let weight: Double
    public let status: String
    public let goldCorrect: Int
    public let goldTotal: Int
    /// The findings about the annotator in that run (canonical JSON array, as in `annotators.jsonl`).
    public let findings: String

    public init(annotatorID: String, weight: Double, status: String, goldCorrect: Int, goldTotal: Int, findings: String = "[]") {
        self.annotatorID = annotatorID
        self.weight = weight
        self.status = status
        self.goldCorrect = goldCorrect
        self.goldTotal = goldTotal
        self.findings = findings
    }
}

/// An annotator's standing in the newest run, for trust lookups and the review queue.
public struct AnnotatorStanding: Sendable, Equatable {
    public let runID: String
    public let outcome: AnnotatorRunOutcome
    public let decision: ReviewerDecision?

    /// Creates the value from its fields (for store backends).
    public init(runID: String, outcome: AnnotatorRunOutcome, decision: ReviewerDecision?) {
        self.runID = runID
        self.outcome = outcome
        self.decision = decision
    }
}

/// What the store knows about an annotator from earlier runs, newest run first.
public struct AnnotatorHistory: Sendable, Equatable {
    /// Weights of earlier runs, newest first (age 1, 2, …).
    public var pastWeights: [Double] = []
    /// Gold answers over all earlier runs are not summed (runs overlap); this is the newest run's count.
    public var goldCorrect = 0
    public var goldTotal = 0

    public init(pastWeights: [Double] = [], goldCorrect: Int = 0, goldTotal: Int = 0) {
        self.pastWeights = pastWeights
        self.goldCorrect = goldCorrect
        self.goldTotal = goldTotal
    }
}

/// A trust-and-safety reviewer's decision on an annotator.
public struct ReviewerDecision: Sendable, Equatable {
    /// The model's verdict (`confirm` | `clear`), the one `AnnotatorStatus.effective` takes.
    public typealias Verdict = ReviewVerdict

    public let annotatorID: String
    public let verdict: Verdict
    public let note: String
    public let actor: String
    public let decidedAt: Timestamp
    /// The evidence the reviewer saw (rule ids and finding summaries, canonical JSON).
    public let evidence: String

    public init(annotatorID: String, verdict: Verdict, note: String, actor: String, decidedAt: Timestamp, evidence: String) {
        self.annotatorID = annotatorID
        self.verdict = verdict
        self.note = note
        self.actor = actor
        self.decidedAt = decidedAt
        self.evidence = evidence
    }
}
