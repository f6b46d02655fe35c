extension ReportModel {
    /// What one rule found about one annotator.
    public struct Finding: Sendable, Hashable, Codable {
        /// The rule's id.
        public var ruleID: String
        /// The rule's raw score (larger is more suspicious; the rule's own scale).
        public var score: Double
        /// The calibrated strength of the evidence.
        public var strength: Strength
        /// What the rule recommended.
        public var action: Action
        /// One sentence, e.g. "Median time per task 0.9 s against 14 s for the population."
        public var summary: String
        /// The numbers, strings and id lists behind the finding, in the rule's order.
        public var evidence: [Evidence]

        /// Creates a finding.
        public init(ruleID: String, score: Double, strength: Strength, action: Action, summary: String, evidence: [Evidence] = []) {
            self.ruleID = ruleID
            self.score = score
            self.strength = strength
            self.action = action
            self.summary = summary
            self.evidence = evidence
        }
    }

    /// How strong a finding's evidence is, in a calibrated unit.
    public enum Strength: Sendable, Hashable, Codable {
        /// Probability of a result at least this extreme when nothing is wrong (smaller is stronger).
        case pValue(Double)
        /// Likelihood ratio "suspicious" : "normal" (larger is stronger).
        case likelihoodRatio(Double)
        /// No calibrated strength.
        case uncalibrated
    }

    /// What a rule recommended the run do.
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// Keep the data; show it to a reviewer.
        case flagForReview = "flag_for_review"
        /// Keep the data with a lower weight.
        case downweight
        /// Drop the affected ratings.
        case excludeRatings = "exclude_ratings"
        /// Drop every rating of the annotator.
        case excludeAnnotator = "exclude_annotator"
    }

    /// One named piece of evidence behind a finding.
    ///
    /// An ``Value/ids(_:)`` evidence named `members` or ending in `_members` makes the finding a group
    /// (a ring): the report lists it in its own section, with any `ids` evidence whose name contains
    /// `item` as the group's shared items.
    public struct Evidence: Sendable, Hashable, Codable {
        /// The value of a piece of evidence.
        public enum Value: Sendable, Hashable, Codable {
            /// A number (a median, a count, a z-score…).
            case number(Double)
            /// A string (a suspected trigger token…).
            case text(String)
            /// A list of ids (ring members, shared items…).
            case ids([String])
        }

        /// Name in `snake_case`, e.g. `"median_duration_ms"`.
        public var name: String
        /// The value.
        public var value: Value

        /// A named value.
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }

        /// A named number.
        public static func number(_ name: String, _ value: Double) -> Evidence { Evidence(name, .number(value)) }
        /// A named string.
        public static func text(_ name: String, _ value: String) -> Evidence { Evidence(name, .text(value)) }
        /// A named list of ids.
        public static func ids(_ name: String, _ value: [String]) -> Evidence { Evidence(name, .ids(value)) }
    }
}
