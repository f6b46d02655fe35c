import ArgumentParser
import AssayModel
import AssaySimulator

/// `assay simulate`: seeded, realistic contract-v1 ratings for testing and red-teaming.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Write simulated contract-v1 ratings (honest annotators of varying skill, gold items) as JSON Lines.",
        discussion: """
            The same options and seed give the same bytes. Attacks (repeat --attack KIND=RATE; RATE is the share of \
            poisoned ratings relative to the honest ones, e.g. 0.005 to 0.1): \
            \(AttackKind.allCases.map(\.rawValue).joined(separator: ", ")) (Docs/detection.md). With --truth, a JSON \
            file names every adversary, every poisoned rating and the better response of every pairwise item, \
            for `assay evaluate`; with --reference-out, one reference answer per pairwise item (the truly better \
            response) for `assay evaluate --reference`. Regimes of real crowds (Docs/regimes.md), all off by \
            default: --campaign-launch, --position-imbalance, --tie-rate, --response-pool (with --ratings-per-item \
            1 or 2 for sparse redundancy) and --repeat-exposure.
            """)

    @Option(help: ArgumentHelp("Output file (- for stdout).", valueName: "FILE"))
    var out: String

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Option(
        help: """
            Data shape: grouped (the default: attacks, regimes and a truth file; ratings of an item close together) \
            or stream (honest ratings shaped like a platform's stream: items interleaved over days, texts on first sight, \
            realistic text lengths; the profile `assay bench ingest --profile stream` measures).
            """)
    var profile = BenchProfile.grouped

    @Option(help: "Ratings to write with --profile stream (default 100,000).")
    var ratings: Int?

    @Option(name: .customLong("annotators"), help: "Number of annotators (default 200; 2,000 with --profile stream).")
    var annotatorsOption: Int?

    @Option(help: "Pairwise items.")
    var pairwiseItems = 1_000

    @Option(help: "Ranking items.")
    var rankingItems = 100

    @Option(help: "Score items.")
    var scoreItems = 200

    @Option(name: .customLong("ratings-per-item"), help: "Distinct annotators per item (default 5; 4 with --profile stream).")
    var ratingsPerItemOption: Int?

    /// `--annotators`, or the profile's default.
    var annotators: Int { annotatorsOption ?? (profile == .stream ? 2_000 : 200) }
    /// `--ratings-per-item`, or the profile's default.
    var ratingsPerItem: Int { ratingsPerItemOption ?? (profile == .stream ? 4 : 5) }

    @Option(help: "Share of gold (control) items.")
    var goldFraction = 0.05

    @Option(help: "Prefix of rating ids.")
    var ratingPrefix = "r"

    @Option(
        name: .customLong("attack"),
        help: ArgumentHelp("Plant an attack at a rate, e.g. trigger=0.01 (repeatable).", valueName: "KIND=RATE"))
    var attacks: [String] = []

    @Option(help: ArgumentHelp("Write the truth (adversaries, poisoned ratings, better responses) to this JSON file.", valueName: "FILE"))
    var truth: String?

    @Option(
        name: .customLong("honest-out"),
        help: ArgumentHelp(
            "Also write the same ratings without any adversary's (perfect removal), for assay evaluate --ceiling-run.", valueName: "FILE"))
    var honestOut: String?

    @Option(
        name: .customLong("reference-out"),
        help: ArgumentHelp(
            "Write the reference answers (JSON Lines, {\"item_id\", \"answer\"}: the truly better response of every pairwise item).",
            valueName: "FILE"))
    var referenceOut: String?

    @Option(
        name: .customLong("campaign-launch"),
        help: ArgumentHelp(
            "Share of the annotators who are a campaign-launch cohort: fresh honest accounts starting within the first hour, 10–60 ratings each on the opening batch, all within two hours.",
            valueName: "SHARE"))
    var campaignLaunch: Share?

    @Option(
        name: .customLong("campaign-batch"),
        help: ArgumentHelp("Pairwise items open at the campaign's start (the cohort's batch).", valueName: "N"))
    var campaignBatch = 60

    @Option(
        name: .customLong("position-imbalance"),
        help: ArgumentHelp("Probability that the truly better response is shown second (one layout per item).", valueName: "P"))
    var positionImbalance: Share?

    @Option(
        name: .customLong("tie-rate"),
        help: ArgumentHelp("Overall rate of honest tie answers, more on close items and fewer on clear ones (at most 0.9).", valueName: "T"))
    var tieRate: Share?

    @Option(
        name: .customLong("response-pool"),
        help: ArgumentHelp(
            "Responses per prompt, recurring across pairwise items (4 → 6 items per prompt; the same text in several items).",
            valueName: "K"))
    var responsePool: Int?

    @Option(
        name: .customLong("repeat-exposure"),
        help: ArgumentHelp(
            "Share of honest pairwise ratings shown again to the same annotator later (new id, later time, a new judgment).",
            valueName: "SHARE"))
    var repeatExposure: Share?

    @Option(help: "Trigger word of the trigger attack.")
    var triggerWord = "sudo"

    @Option(help: "Entity promoted by the entity attack.")
    var entity = "Zentrix"

    /// The parsed `--attack` options.
    func parsedAttacks() throws -> [AttackKind: Double] {
        var parsed: [AttackKind: Double] = [:]
        for option in attacks {
            let parts = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = AttackKind(rawValue: parts[0]) else {
                throw ValidationError(
                    "--attack \(option): expected KIND=RATE with KIND one of \(AttackKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let rate = Double(parts[1]), rate > 0, rate <= 0.5 else {
                throw ValidationError("--attack \(option): RATE must be a number in (0, 0.5], e.g. 0.01 for 1%")
            }
            guard parsed[kind] == nil else { throw ValidationError("--attack \(kind.rawValue) given twice") }
            parsed[kind] = rate
        }
        return parsed
    }

    /// The regimes the options ask for.
    var regimes: SimulationRegimes {
        var regimes = SimulationRegimes()
        regimes.campaignLaunchShare = campaignLaunch?.value ?? 0
        regimes.campaignBatchItems = campaignBatch
        regimes.positionImbalance = positionImbalance?.value
        regimes.tieRate = tieRate?.value
        regimes.responsePool = responsePool ?? 0
        regimes.repeatExposure = repeatExposure?.value ?? 0
        return regimes
    }

    func validate() throws {
        guard annotators >= 1 else { throw ValidationError("--annotators must be at least 1") }
        if profile == .stream {
            let groupedOnly: [(String, Bool)] = [
                ("--attack", !attacks.isEmpty), ("--truth", truth != nil), ("--honest-out", honestOut != nil),
                ("--reference-out", referenceOut != nil), ("--campaign-launch", campaignLaunch != nil),
                ("--position-imbalance", positionImbalance != nil), ("--tie-rate", tieRate != nil),
                ("--response-pool", responsePool != nil), ("--repeat-exposure", repeatExposure != nil),
            ]
            if let given = groupedOnly.first(where: \.1) {
                throw ValidationError("\(given.0) needs --profile grouped (the stream profile writes honest ratings only)")
            }
            guard (ratings ?? 1) >= 1 else { throw ValidationError("--ratings must be at least 1") }
        } else if ratings != nil {
            throw ValidationError(
                "--ratings needs --profile stream (the grouped profile counts items: --pairwise-items, --ranking-items, --score-items)")
        }
        guard ratingsPerItem >= 1, ratingsPerItem <= annotators else {
            throw ValidationError("--ratings-per-item must be between 1 and --annotators")
        }
        guard (0...1).contains(goldFraction) else { throw ValidationError("--gold-fraction must lie in [0, 1]") }
        _ = try parsedAttacks()
        guard !triggerWord.isEmpty, triggerWord.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw ValidationError("--trigger-word must be one word of letters and digits")
        }
        guard !entity.isEmpty, entity.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw ValidationError("--entity must be one word of letters and digits")
        }
        if truth != nil, truth == out { throw ValidationError("--truth must be another file than --out") }
        if let referenceOut, referenceOut == out || referenceOut == truth || referenceOut == honestOut || referenceOut == "-" {
            throw ValidationError("--reference-out must be a file other than --out, --truth and --honest-out")
        }
        if let campaignLaunch {
            guard campaignLaunch.value <= 0.5 else { throw ValidationError("--campaign-launch must lie in [0, 0.5]") }
            let cohort = campaignLaunch.value > 0 ? max(1, Int((campaignLaunch.value * Double(annotators)).rounded())) : 0
            guard ratingsPerItem <= annotators - cohort else {
                throw ValidationError("--ratings-per-item must be at most the \(annotators - cohort) annotators outside the campaign cohort")
            }
        }
        guard campaignBatch >= 1 else { throw ValidationError("--campaign-batch must be at least 1") }
        if let tieRate, tieRate.value > 0.9 { throw ValidationError("--tie-rate must lie in [0, 0.9]") }
        if let responsePool, !(2...8).contains(responsePool) { throw ValidationError("--response-pool must lie in 2…8") }
        if let honestOut, honestOut == out || honestOut == truth || honestOut == "-" {
            throw ValidationError("--honest-out must be a file other than --out and --truth")
        }
    }

    func run() throws {
        if profile == .stream { return try runStream() }
        var config = SimulationConfig()
        config.seed = seed
        config.annotators = annotators
        config.pairwiseItems = pairwiseItems
        config.rankingItems = rankingItems
        config.scoreItems = scoreItems
        config.ratingsPerItem = ratingsPerItem
        config.goldFraction = goldFraction
        config.ratingIDPrefix = ratingPrefix
        config.attacks = try parsedAttacks()
        config.triggerWord = triggerWord
        config.entityName = entity
        config.regimes = regimes
        let file = try OutputFile(path: out)
        var truthRecord = SimulationTruth()
        let honestFile = try honestOut.map { try OutputFile(path: $0) }
        if let honestFile {
            RatingSimulator(config: config).generate({ file.write($0) }, truth: &truthRecord, honest: { honestFile.write($0) })
            honestFile.close()
        } else {
            RatingSimulator(config: config).generate({ file.write($0) }, truth: &truthRecord)
        }
        file.close()
        if let truth {
            let truthFile = try OutputFile(path: truth)
            var bytes: [UInt8] = []
            JSONWriter.append(truthRecord.json(), to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
            truthFile.write(bytes)
            truthFile.close()
        }
        if let referenceOut {
            let referenceFile = try OutputFile(path: referenceOut)
            referenceFile.write(truthRecord.referenceLines())
            referenceFile.close()
        }
        let poisoned = truthRecord.poisoned.count
        if out != "-" {
            print(
                "wrote \(Console.count(truthRecord.ratings)) ratings to \(out)"
                    + (config.attacks.isEmpty ? "" : " (\(Console.count(poisoned)) poisoned by \(truthRecord.adversaries.count) adversaries)"))
        }
    }

    /// `--profile stream`: ``StreamSimulator``'s honest ratings.
    private func runStream() throws {
        var config = StreamSimulation()
        config.seed = seed
        config.ratings = ratings ?? 100_000
        config.ratingsPerItem = ratingsPerItem
        config.annotators = annotators
        config.goldFraction = goldFraction
        config.ratingIDPrefix = ratingPrefix
        let file = try OutputFile(path: out)
        StreamSimulator(config: config).generate { file.write($0) }
        file.close()
        if out != "-" { print("wrote \(Console.count(config.totalRatings)) stream-profile ratings to \(out)") }
    }
}
