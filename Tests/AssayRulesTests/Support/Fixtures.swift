import AssayPluginAPI
import AssaySimulator

#if canImport(Glibc)
    import Glibc
#endif

/// A simulated snapshot with its truth, and a simple consensus computed from it.
struct Simulated {
    let snapshot: SnapshotView
    let truth: SimulationTruth
    let consensus: ConsensusView

    /// The annotator rows of the adversaries of `kind`.
    func adversaries(_ kind: AttackKind) -> Set<Int32> {
        let wanted = Set(truth.adversaries.filter { $0.kind == kind }.map(\.annotatorID))
        return Set(snapshot.annotators.ids.indices.filter { wanted.contains(snapshot.annotators.ids[$0]) }.map { Int32($0) })
    }

    /// Row of annotator `id`.
    func row(of id: String) -> Int32 { Int32(snapshot.annotators.ids.firstIndex(of: id)!) }

    /// Simulates with `attacks` (kind → rate) and builds the snapshot.
    static func make(
        seed: UInt64 = 11, annotators: Int = 200, attacks: [AttackKind: Double] = [:], configure: (inout SimulationConfig) -> Void = { _ in }
    ) throws -> Simulated {
        var config = SimulationConfig()
        config.seed = seed
        config.annotators = annotators
        config.attacks = attacks
        configure(&config)
        var text: [UInt8] = []
        var truth = SimulationTruth()
        RatingSimulator(config: config).generate({ text.append(contentsOf: $0) }, truth: &truth)
        let snapshot = try Columns(jsonLines: String(decoding: text, as: UTF8.self)).build()
        return Simulated(snapshot: snapshot, truth: truth, consensus: majorityConsensus(snapshot))
    }

    /// A one-step Dawid–Skene consensus, what a test can compute without the host: reliability r = agreement
    /// with the plain majority (clamped to [0.55, 0.95]), then each pairwise item's posterior from the votes'
    /// log-odds Σ ±log(r / (1 − r)) (ties count for neither side).
    static func majorityConsensus(_ snapshot: SnapshotView) -> ConsensusView {
        let ratings = snapshot.ratings
        var majority = [Int8](repeating: -1, count: snapshot.items.count)
        for item in 0..<snapshot.items.count {
            var first = 0
            var second = 0
            for row in snapshot.ratingRows(ofItem: item) where ratings.kind[Int(row)] == RatingKind.pairwise.rawValue {
                if ratings.choice[Int(row)] == PairwiseChoice.first {
                    first += 1
                } else if ratings.choice[Int(row)] == PairwiseChoice.second {
                    second += 1
                }
            }
            if first > second { majority[item] = 0 } else if second > first { majority[item] = 1 }
        }
        var agree = [Double](repeating: 0, count: snapshot.annotators.count)
        var count = [Double](repeating: 0, count: snapshot.annotators.count)
        for row in 0..<ratings.count where ratings.kind[row] == RatingKind.pairwise.rawValue {
            let choice = ratings.choice[row]
            let item = Int(ratings.item[row])
            guard choice == 0 || choice == 1, majority[item] >= 0 else { continue }
            count[Int(ratings.annotator[row])] += 1
            if choice == majority[item] { agree[Int(ratings.annotator[row])] += 1 }
        }
        let reliability = zip(agree, count).map { min(0.95, max(0.55, ($0 + 1) / ($1 + 2))) }
        var posterior = [Double](repeating: .nan, count: 3 * snapshot.items.count)
        for item in 0..<snapshot.items.count {
            var logOdds = 0.0
            var any = false
            for row in snapshot.ratingRows(ofItem: item) where ratings.kind[Int(row)] == RatingKind.pairwise.rawValue {
                any = true
                let r = reliability[Int(ratings.annotator[Int(row)])]
                let vote = log(r / (1 - r))
                if ratings.choice[Int(row)] == PairwiseChoice.first {
                    logOdds += vote
                } else if ratings.choice[Int(row)] == PairwiseChoice.second {
                    logOdds -= vote
                }
            }
            guard any else { continue }
            let first = 1 / (1 + exp(-logOdds))
            posterior[3 * item] = first
            posterior[3 * item + 1] = 1 - first
            posterior[3 * item + 2] = 0
        }
        return ConsensusView(
            method: "one-step-dawid-skene", pairwisePosterior: posterior,
            responseScores: [Double](repeating: .nan, count: snapshot.items.responseIDs.count), reliability: reliability, weight: reliability,
            agreement: AgreementTable())
    }
}

/// Runs a rule with its defaults (or overrides).
func run(_ rule: some AssayRule, _ world: Simulated, _ overrides: [String: ParameterValue] = [:]) throws -> [Finding] {
    var values = RuleParameters(defaultsOf: rule.parameters).values
    for (key, value) in overrides { values[key] = value }
    return try rule.evaluate(RuleInput(snapshot: world.snapshot, consensus: world.consensus, parameters: RuleParameters(values)))
}

extension [Finding] {
    /// Annotator rows with a finding.
    var annotators: Set<Int32> {
        Set(compactMap { if case .annotator(let row) = $0.subject { row } else { nil } })
    }

    /// Annotator rows whose finding recommends exclusion.
    var excludedAnnotators: Set<Int32> {
        Set(compactMap { if case .annotator(let row) = $0.subject, $0.action == .excludeAnnotator { row } else { nil } })
    }

    /// Rating rows with a finding.
    var ratings: Set<Int32> {
        Set(compactMap { if case .rating(let row) = $0.subject { row } else { nil } })
    }

    /// Annotator findings only.
    var annotatorFindings: [Finding] { filter { if case .annotator = $0.subject { true } else { false } } }
}

extension Finding {
    /// The annotator row of an annotator finding, −1 otherwise.
    var annotatorRow: Int32 {
        if case .annotator(let row) = subject { return row }
        return -1
    }

    /// The evidence named `name`.
    func evidence(_ name: String) -> Evidence.Value? { evidence.first { $0.name == name }?.value }
}
