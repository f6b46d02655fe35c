import AssayPluginAPI

/// One ordered pair of responses of a ranking item and how strongly the weighted annotators
/// put `better` above `worse`.
struct RankingPair: Sendable, Equatable {
    let item: Int32
    let better: Int32
    let worse: Int32
    /// Weighted share of the votes on this pair that put `better` first, in [0.5, 1].
    let probability: Double
    let votes: Int
}

/// The consensus score of one (item, response, attribute) cell of score ratings.
struct ScoreCell: Sendable, Equatable {
    let item: Int32
    let response: Int32
    let attribute: Int32
    /// Bias-corrected weighted mean on the item's scale.
    let score: Double
    let standardError: Double
    let ratings: Int
    let scaleMin: Double
    let scaleMax: Double
}

/// Everything the cleaning run needs from consensus, indexed like the snapshot's rows.
struct ConsensusOutcome: Sendable {
    /// `3 × item`: posterior (first better, second better, tie); NaN for items without pairwise ratings.
    var pairwisePosterior: [Double]
    var rankingPairs: [RankingPair]
    var scoreCells: [ScoreCell]
    /// Per annotator: this snapshot's estimated accuracy (NaN when nothing to compare with).
    var accuracy: [Double]
    /// Per annotator: labels behind `accuracy`.
    var comparableLabels: [Int]
    var goldCorrect: [Int]
    var goldTotal: [Int]
    /// Per annotator: the final weight in [0, 1] (`AnnotatorWeight`, Docs/weighting.md).
    var weight: [Double]
    var agreement: AgreementTable
    var scoreResponseConsensus: [Double]

    static let method =
        "pairwise: gold-anchored Dawid–Skene (3 classes, confusions shrunk toward the population's) with a Bradley–Terry "
        + "prior over recurring responses (PooledDawidSkene); rankings: weighted pair votes; "
        + "scores: additive-bias/variance model; weights: Beta reputation (AnnotatorWeight)"

    /// The view rule plugins receive.
    var view: ConsensusView {
        ConsensusView(
            method: "dawid-skene", pairwisePosterior: pairwisePosterior, responseScores: scoreResponseConsensus,
            reliability: accuracy, weight: weight, agreement: agreement)
    }
}
