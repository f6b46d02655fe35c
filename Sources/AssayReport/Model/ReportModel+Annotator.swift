import Foundation

extension ReportModel {
    /// An annotator's status after the run (`annotators.jsonl` `status`).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Full weight.
        case trusted
        /// Kept with a reduced weight.
        case downweighted
        /// Kept out of this dataset until a reviewer decides.
        case flagged
        /// Every rating left out: a rule found them adversarial or a reviewer said so.
        case excluded
    }

    /// An annotator the reviewer needs to see, with the evidence against them.
    public struct Annotator: Sendable, Hashable {
        /// The annotator's id.
        public var id: String
        /// Their status after the run.
        public var status: Status
        /// The weight their ratings got, in [0, 1].
        public var weight: Double
        /// Their ratings in the snapshot.
        public var ratings: Int
        /// Why they ended in this status, one human sentence each (e.g. "speed recommends exclude_annotator").
        public var reasons: [String]
        /// A reviewer's decision remembered from an earlier run, if any.
        public var reviewerDecision: ReviewerDecision?
        /// What each rule found about them.
        public var findings: [Finding]
        /// A few of their ratings, to show what the findings mean.
        public var examples: [ExampleRating]

        /// Creates an annotator entry.
        public init(
            id: String, status: Status, weight: Double, ratings: Int, reasons: [String] = [],
            reviewerDecision: ReviewerDecision? = nil, findings: [Finding] = [], examples: [ExampleRating] = []
        ) {
            self.id = id
            self.status = status
            self.weight = weight
            self.ratings = ratings
            self.reasons = reasons
            self.reviewerDecision = reviewerDecision
            self.findings = findings
            self.examples = examples
        }
    }

    /// A reviewer's decision about an annotator, remembered by later runs.
    public struct ReviewerDecision: Sendable, Hashable {
        /// The status the reviewer's decision led to in this run: `excluded` for a confirmation; `trusted` for a
        /// clearance, or `downweighted` when the cleared annotator's weight is below the policy's `downweight_below`.
        public var status: Status
        /// Who decided.
        public var reviewer: String
        /// When, if recorded.
        public var decidedAt: Date?
        /// The reviewer's note.
        public var note: String

        /// Creates a reviewer decision.
        public init(status: Status, reviewer: String, decidedAt: Date? = nil, note: String = "") {
            self.status = status
            self.reviewer = reviewer
            self.decidedAt = decidedAt
            self.note = note
        }
    }

    /// One of an annotator's ratings shown as an example, beside the consensus.
    public struct ExampleRating: Sendable, Hashable {
        /// The rating's id.
        public var ratingID: String
        /// The item's id.
        public var itemID: String
        /// The start of the item's prompt.
        public var promptExcerpt: String
        /// The annotator's answer, e.g. `"A"`, `"B > A > C"`, `"2 / 7"`.
        public var answer: String
        /// The weighted consensus for the item, in the same form.
        public var consensus: String
        /// Anything else worth seeing, e.g. `"answered in 0.4 s"`.
        public var note: String?

        /// Creates an example rating.
        public init(ratingID: String, itemID: String, promptExcerpt: String, answer: String, consensus: String, note: String? = nil) {
            self.ratingID = ratingID
            self.itemID = itemID
            self.promptExcerpt = promptExcerpt
            self.answer = answer
            self.consensus = consensus
            self.note = note
        }
    }
}
