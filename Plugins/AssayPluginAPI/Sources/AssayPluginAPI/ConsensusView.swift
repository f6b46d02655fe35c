/// Consensus results the host computed from the same snapshot, indexed like the snapshot's rows.
///
/// Every array may be empty when the host ran without consensus (then ``method`` is `"none"`).
public struct ConsensusView: Sendable, Hashable {
    /// Name of the consensus method, e.g. `"dawid-skene"`, or `"none"`.
    public let method: String
    /// Pairwise items: posterior probabilities (first better, second better, tie) at
    /// `3 * item ..< 3 * item + 3`; NaN for other kinds. Empty or `3 * items.count` long.
    public let pairwisePosterior: [Double]
    /// Consensus score of each response, aligned with the snapshot's global response rows; NaN when none.
    public let responseScores: [Double]
    /// Estimated reliability of each annotator in [0, 1]; NaN when unknown.
    public let reliability: [Double]
    /// Weight each annotator got in the consensus; NaN when unknown.
    public let weight: [Double]
    /// Sparse pairwise agreement between annotators who rated common items.
    public let agreement: AgreementTable

    /// No consensus.
    public init() {
        self.init(method: "none", pairwisePosterior: [], responseScores: [], reliability: [], weight: [], agreement: AgreementTable())
    }

    /// Wraps columns.
    public init(
        method: String, pairwisePosterior: [Double], responseScores: [Double], reliability: [Double], weight: [Double], agreement: AgreementTable
    ) {
        self.method = method
        self.pairwisePosterior = pairwisePosterior
        self.responseScores = responseScores
        self.reliability = reliability
        self.weight = weight
        self.agreement = agreement
    }

    /// The posterior (first, second, tie) of pairwise item `item`, or nil when not available.
    public func posterior(ofItem item: Int) -> (first: Double, second: Double, tie: Double)? {
        guard 3 * item + 2 < pairwisePosterior.count, !pairwisePosterior[3 * item].isNaN else { return nil }
        return (pairwisePosterior[3 * item], pairwisePosterior[3 * item + 1], pairwisePosterior[3 * item + 2])
    }
}

/// Agreement between pairs of annotators, one row per pair with at least one co-rated item (`a < b`).
public struct AgreementTable: Sendable, Hashable {
    /// First annotator row.
    public let a: [Int32]
    /// Second annotator row.
    public let b: [Int32]
    /// Number of items both rated.
    public let coRated: [Int32]
    /// Fraction of co-rated items where they agreed.
    public let observedAgreement: [Double]
    /// Agreement expected by chance given each one's answer distribution.
    public let expectedAgreement: [Double]

    /// Number of pairs.
    public var count: Int { a.count }

    /// An empty table.
    public init() {
        self.init(a: [], b: [], coRated: [], observedAgreement: [], expectedAgreement: [])
    }

    /// Wraps columns of equal length.
    public init(a: [Int32], b: [Int32], coRated: [Int32], observedAgreement: [Double], expectedAgreement: [Double]) {
        self.a = a
        self.b = b
        self.coRated = coRated
        self.observedAgreement = observedAgreement
        self.expectedAgreement = expectedAgreement
    }

    /// Cohen's kappa of pair `row`: (observed − expected) / (1 − expected); NaN when expected is 1.
    public func kappa(_ row: Int) -> Double {
        let expected = expectedAgreement[row]
        return expected >= 1 ? .nan : (observedAgreement[row] - expected) / (1 - expected)
    }
}
