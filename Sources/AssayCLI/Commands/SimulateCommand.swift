import ArgumentParser
import AssaySimulator

/// `assay simulate`: seeded, realistic contract-v1 ratings for testing and red-teaming.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated contract-v1 ratings (honest annotators of varying skill, gold items) as JSON Lines.",
        discussion: "The same options and seed give the same bytes. Attacks are not simulated yet (issue 6).")

    @Option(help: ArgumentHelp("Output file (- for stdout).", valueName: "FILE"))
    var out: String

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(help: "Number of annotators.")
    var annotators = 200

    @Option(help: "Pairwise items.")
    var pairwiseItems = 1_000

    @Option(help: "Ranking items.")
    var rankingItems = 100

    @Option(help: "Score items.")
    var scoreItems = 200

    @Option(help: "Distinct annotators per item.")
    var ratingsPerItem = 5

    @Option(help: "Share of gold (control) items.")
    var goldFraction = 0.05

    @Option(help: "Prefix of rating ids.")
    var ratingPrefix = "r"

    func validate() throws {
        guard annotators >= 1 else { throw ValidationError("--annotators must be at least 1") }
        guard ratingsPerItem >= 1, ratingsPerItem <= annotators else {
            throw ValidationError("--ratings-per-item must be between 1 and --annotators")
        }
        guard (0...1).contains(goldFraction) else { throw ValidationError("--gold-fraction must lie in [0, 1]") }
    }

    func run() throws {
        var config = SimulationConfig()
        config.seed = seed
        config.annotators = annotators
        config.pairwiseItems = pairwiseItems
        config.rankingItems = rankingItems
        config.scoreItems = scoreItems
        config.ratingsPerItem = ratingsPerItem
        config.goldFraction = goldFraction
        config.ratingIDPrefix = ratingPrefix
        let file = try OutputFile(path: out)
        RatingSimulator(config: config).generate { file.write($0) }
        file.close()
        if out != "-" { print("wrote \(Console.count(config.totalRatings)) ratings to \(out)") }
    }
}
