/// The annotators of one status in `annotators.jsonl`, and how often they agree with the reference
/// (Docs/evaluation.md).
///
/// An annotator's agreement is the share of their strict choices (not `tie`) on strict reference items that equal the
/// reference's answer; annotators without such a choice have none and are left out of the mean. `meanAgreement` is the
/// mean over annotators (each annotator counts once); `pooledAgreement` pools the choices (each choice counts once).
public struct StatusAgreement: Sendable, Hashable {
    /// `trusted`, `downweighted`, `flagged`, `excluded` (or another status the file uses), or `all`.
    public var status: String
    /// Annotators with this status.
    public var count = 0
    /// Of them, annotators with at least one strict choice on a strict reference item.
    public var withAgreement = 0
    /// Their strict choices on strict reference items, and how many match the reference.
    public var strictChoices = 0
    public var matching = 0
    /// Sum of the annotators' agreements (for the mean).
    var agreementSum = 0.0

    /// Mean over annotators of each one's agreement; NaN when no annotator has any.
    public var meanAgreement: Double { withAgreement > 0 ? agreementSum / Double(withAgreement) : .nan }
    /// Matching / strict choices over the whole group; NaN when none.
    public var pooledAgreement: Double { strictChoices > 0 ? Double(matching) / Double(strictChoices) : .nan }

    public init(status: String) { self.status = status }

    /// The four statuses of the output contract in their fixed order, any other status found after them (sorted),
    /// then `all`. Without `votes` only the counts are filled in.
    public static func groups(status: [String: String], votes: PairwiseVotes?, reference: ReferenceAnswers) -> [StatusAgreement] {
        var perAnnotator: [String: (choices: Int, matching: Int)] = [:]
        if let votes {
            for vote in votes.votes {
                guard case .response(let choice) = vote.choice, case .response(let answer)? = reference.answers[votes.items[vote.item].id]
                else { continue }
                perAnnotator[vote.annotator, default: (0, 0)].choices += 1
                if choice == answer { perAnnotator[vote.annotator, default: (0, 0)].matching += 1 }
            }
        }
        let fixed = ["trusted", "downweighted", "flagged", "excluded"]
        let names = fixed + Set(status.values).subtracting(fixed).sorted() + ["all"]
        var groups = names.map(StatusAgreement.init(status:))
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        for (annotator, value) in status.sorted(by: { $0.key < $1.key }) {
            for index in [position[value]!, names.count - 1] {
                groups[index].count += 1
                guard let counts = perAnnotator[annotator], counts.choices > 0 else { continue }
                groups[index].withAgreement += 1
                groups[index].strictChoices += counts.choices
                groups[index].matching += counts.matching
                groups[index].agreementSum += Double(counts.matching) / Double(counts.choices)
            }
        }
        return groups
    }
}
