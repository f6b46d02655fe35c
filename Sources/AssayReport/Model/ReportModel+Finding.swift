import AssayPluginAPI

extension ReportModel {
    /// What one rule found about one annotator: the rule's id beside the finding exactly as the rule made it.
    ///
    /// The finding, its strength, action and evidence are the plugin API's own types (`AssayPluginAPI.Finding`,
    /// Docs/plugins.md), so the run hands the report what the rules returned, with no second copy of those types
    /// to keep in step. An `ids` evidence named `members` or ending in `_members` makes the finding a group (a
    /// ring): the report lists it in its own section, with any `ids` evidence whose name contains `item` as the
    /// group's shared items.
    public struct Finding: Sendable, Hashable {
        /// The rule's id.
        public var ruleID: String
        /// The finding as the rule returned it.
        public var finding: AssayPluginAPI.Finding

        /// Attributes a rule's finding to the rule.
        public init(ruleID: String, finding: AssayPluginAPI.Finding) {
            self.ruleID = ruleID
            self.finding = finding
        }

        /// The rule's raw score (larger is more suspicious; the rule's own scale).
        public var score: Double { finding.score }
        /// The calibrated strength of the evidence.
        public var strength: FindingStrength { finding.strength }
        /// What the rule recommended.
        public var action: RecommendedAction { finding.action }
        /// One sentence, e.g. "Median time per task 0.9 s against 14 s for the population."
        public var summary: String { finding.summary }
        /// The numbers, strings and id lists behind the finding, in the rule's order.
        public var evidence: [Evidence] { finding.evidence }
    }
}
