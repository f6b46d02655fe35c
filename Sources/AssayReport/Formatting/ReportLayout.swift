/// What both renderers show, in the order they show it: derived from a ``ReportModel`` once, deterministically.
struct ReportLayout {
    /// A ring or group: annotators one finding names together.
    struct Group {
        /// The rule whose findings named the group.
        var ruleID: String
        /// The evidence name the members came under (e.g. `ring_members`).
        var evidenceName: String
        /// The members, sorted.
        var members: [String]
        /// The items they share, sorted (the union over the findings that name the group).
        var sharedItems: [String]
        /// The first finding's summary.
        var summary: String
    }

    /// One bar of the weight histogram: weights in `[lower, upper)` (the last bin includes 1).
    struct Bin {
        var lower: Double
        var upper: Double
        var count: Int
    }

    let model: ReportModel
    /// Excluded, then flagged annotators, each by id.
    let reviewed: [ReportModel.Annotator]
    /// Any other annotators the model lists (downweighted or trusted with findings), by status then id.
    let others: [ReportModel.Annotator]
    /// Rules by id.
    let rules: [ReportModel.Rule]
    /// Files by name.
    let files: [ReportModel.OutputFile]
    /// Rings and groups, by rule id then first member.
    let groups: [Group]
    /// Ten bins of width 0.1 over [0, 1].
    let histogram: [Bin]
    /// Weights outside [0, 1] or not finite (a bug upstream; shown, not hidden).
    let weightsOutOfRange: Int
    /// Each listed annotator's position in ``listed`` (built once: every id in every evidence list asks for it).
    private let positions: [String: Int]

    init(_ model: ReportModel) {
        self.model = model
        let annotators = model.annotators.map { annotator in
            var sorted = annotator
            sorted.findings = Self.sortedFindings(annotator.findings)
            return sorted
        }.sorted { lhs, rhs in
            let (l, r) = (Self.rank(lhs.status), Self.rank(rhs.status))
            return l != r ? l < r : Self.precedes(lhs.id, rhs.id)
        }
        reviewed = annotators.filter { $0.status == .excluded || $0.status == .flagged }
        others = annotators.filter { $0.status != .excluded && $0.status != .flagged }
        rules = model.rules.sorted { Self.precedes($0.id, $1.id) }
        files = model.files.sorted { Self.precedes($0.name, $1.name) }
        groups = Self.groups(in: annotators)
        var bins = (0..<10).map { Bin(lower: Double($0) / 10, upper: Double($0 + 1) / 10, count: 0) }
        var outside = 0
        for weight in model.weights {
            guard weight.isFinite, weight >= 0, weight <= 1 else {
                outside += 1
                continue
            }
            bins[min(9, Int(weight * 10))].count += 1
        }
        histogram = bins
        weightsOutOfRange = outside
        var positions: [String: Int] = [:]
        for (index, annotator) in (reviewed + others).enumerated() where positions[annotator.id] == nil { positions[annotator.id] = index }
        self.positions = positions
    }

    /// Rules that failed or were skipped: their findings are missing from the run.
    var incompleteRules: [ReportModel.Rule] {
        rules.filter { if case .succeeded = $0.outcome { false } else { true } }
    }

    /// The warning a reviewer must see when rules did not run, or nil.
    var incompleteRulesWarning: String? {
        let incomplete = incompleteRules
        guard !incomplete.isEmpty else { return nil }
        let names = incomplete.map(\.id).joined(separator: ", ")
        let verb = incomplete.count == 1 ? "rule did" : "rules did"
        return
            "\(incomplete.count) \(verb) not complete (\(names)): annotators were not checked by \(incomplete.count == 1 ? "it" : "them") in this run."
    }

    /// Every annotator listed anywhere in the report, in display order.
    var listed: [ReportModel.Annotator] { reviewed + others }

    /// The HTML anchor for an annotator listed in the report (index-based: ids are untrusted), or nil.
    func anchor(for annotatorID: String) -> String? {
        positions[annotatorID].map { "annotator-\($0 + 1)" }
    }

    /// Bytewise UTF-8 order: the same on every platform and locale.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Whether an evidence name lists a group's members.
    static func isMembers(_ name: String) -> Bool {
        name == "members" || name.hasSuffix("_members")
    }

    /// At most this many ids of one evidence list are shown (group members always in full).
    static let idLimit = 100

    /// The ids of an evidence list to show, and how many are left out.
    static func shownIDs(_ ids: [String], name: String) -> (shown: [String], hidden: Int) {
        guard !isMembers(name), ids.count > idLimit else { return (ids, 0) }
        return (Array(ids.prefix(idLimit)), ids.count - idLimit)
    }

    /// Whether an evidence name lists a group's shared items.
    static func isItems(_ name: String) -> Bool {
        name.contains("item")
    }

    private static func rank(_ status: ReportModel.Status) -> Int {
        switch status {
        case .excluded: 0
        case .flagged: 1
        case .downweighted: 2
        case .trusted: 3
        }
    }

    private static func sortedFindings(_ findings: [ReportModel.Finding]) -> [ReportModel.Finding] {
        findings.enumerated().sorted { lhs, rhs in
            if lhs.element.ruleID != rhs.element.ruleID { return precedes(lhs.element.ruleID, rhs.element.ruleID) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    private static func groups(in annotators: [ReportModel.Annotator]) -> [Group] {
        var groups: [Group] = []
        for annotator in annotators {
            for finding in annotator.findings {
                for evidence in finding.evidence where isMembers(evidence.name) {
                    guard case .ids(let ids) = evidence.value else { continue }
                    let members = Array(Set(ids)).sorted(by: precedes)
                    let items = finding.evidence.flatMap { other -> [String] in
                        guard isItems(other.name), case .ids(let items) = other.value else { return [] }
                        return items
                    }
                    if let index = groups.firstIndex(where: {
                        $0.ruleID == finding.ruleID && $0.evidenceName == evidence.name && $0.members == members
                    }) {
                        groups[index].sharedItems = Array(Set(groups[index].sharedItems + items)).sorted(by: precedes)
                    } else {
                        groups.append(
                            Group(
                                ruleID: finding.ruleID, evidenceName: evidence.name, members: members,
                                sharedItems: Array(Set(items)).sorted(by: precedes), summary: finding.summary))
                    }
                }
            }
        }
        return groups.sorted { lhs, rhs in
            if lhs.ruleID != rhs.ruleID { return precedes(lhs.ruleID, rhs.ruleID) }
            return lhs.members.lexicographicallyPrecedes(rhs.members, by: precedes)
        }
    }
}
