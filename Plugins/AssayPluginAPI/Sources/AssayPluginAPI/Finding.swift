/// What a finding is about: an annotator or a single rating (row indexes into the snapshot).
public enum FindingSubject: Sendable, Hashable {
    /// Annotator row `annotators.ids[row]`.
    case annotator(Int32)
    /// Rating row `ratings.ids[row]`.
    case rating(Int32)
}

/// How strong the evidence is, in a calibrated unit.
public enum FindingStrength: Sendable, Hashable {
    /// Probability of a result at least this extreme under "nothing wrong" (smaller is stronger).
    case pValue(Double)
    /// Likelihood ratio "suspicious" : "normal" (larger is stronger).
    case likelihoodRatio(Double)
    /// No calibrated strength.
    case uncalibrated
}

/// What the rule recommends the cleaning run do.
public enum RecommendedAction: UInt8, Sendable, Hashable, CustomStringConvertible {
    /// Keep the data; show it to a reviewer.
    case flagForReview = 0
    /// Keep the data with a lower weight.
    case downweight = 1
    /// Drop the affected ratings.
    case excludeRatings = 2
    /// Drop every rating of the annotator.
    case excludeAnnotator = 3

    public var description: String {
        switch self {
        case .flagForReview: "flag_for_review"
        case .downweight: "downweight"
        case .excludeRatings: "exclude_ratings"
        case .excludeAnnotator: "exclude_annotator"
        }
    }
}

/// One named piece of evidence behind a finding.
public struct Evidence: Sendable, Hashable {
    /// The value of a piece of evidence.
    public enum Value: Sendable, Hashable {
        /// A number (a median, a count, a z-score…).
        case number(Double)
        /// A string (a suspected trigger token…).
        case text(String)
        /// A list of ids (ring members, shared items…).
        case ids([String])
    }

    /// Name in `snake_case`, e.g. `"median_duration_ms"`.
    public let name: String
    /// The value.
    public let value: Value

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

/// One thing a rule found, with the numbers behind it.
public struct Finding: Sendable, Hashable {
    /// The annotator or rating the finding is about.
    public let subject: FindingSubject
    /// The rule's raw score (larger is more suspicious); its scale is the rule's own.
    public let score: Double
    /// The calibrated strength of the evidence.
    public let strength: FindingStrength
    /// What the rule recommends.
    public let action: RecommendedAction
    /// One sentence for the report, e.g. "Median time per task 0.9 s against 14 s for the population."
    public let summary: String
    /// The numbers, strings and id lists behind the finding.
    public let evidence: [Evidence]

    /// Creates a finding.
    public init(
        subject: FindingSubject, score: Double, strength: FindingStrength, action: RecommendedAction, summary: String, evidence: [Evidence] = []
    ) {
        self.subject = subject
        self.score = score
        self.strength = strength
        self.action = action
        self.summary = summary
        self.evidence = evidence
    }
}
