import AssayModel

/// What really happened in a simulation: every adversary with its attack, every poisoned rating, and the truly
/// better response of every pairwise item. Written next to the ratings by `assay simulate --truth FILE`, read by
/// `assay evaluate`.
public struct SimulationTruth: Sendable {
    /// One adversarial annotator.
    public struct Adversary: Sendable, Hashable {
        public var annotatorID: String
        public var kind: AttackKind

        public init(annotatorID: String, kind: AttackKind) {
            self.annotatorID = annotatorID
            self.kind = kind
        }
    }

    /// One poisoned rating.
    public struct PoisonedRating: Sendable, Hashable {
        public var ratingID: String
        public var annotatorID: String
        public var itemID: String
        public var kind: AttackKind

        public init(ratingID: String, annotatorID: String, itemID: String, kind: AttackKind) {
            self.ratingID = ratingID
            self.annotatorID = annotatorID
            self.itemID = itemID
            self.kind = kind
        }
    }

    /// The ground truth of one pairwise item.
    public struct PairwiseItem: Sendable, Hashable {
        public var itemID: String
        /// Id of the response with the higher latent quality.
        public var betterResponseID: String
        /// Attacks that poisoned at least one rating of this item.
        public var attacks: [AttackKind]

        public init(itemID: String, betterResponseID: String, attacks: [AttackKind]) {
            self.itemID = itemID
            self.betterResponseID = betterResponseID
            self.attacks = attacks
        }
    }

    public var seed: UInt64 = 0
    public var attacks: [AttackKind: Double] = [:]
    public var triggerWord = ""
    public var entityName = ""
    public var adversaries: [Adversary] = []
    public var poisoned: [PoisonedRating] = []
    public var pairwiseItems: [PairwiseItem] = []
    /// Number of ratings written.
    public var ratings = 0
    /// The regimes the simulation ran with (``SimulationRegimes``); written only when one is on.
    public var regimes = SimulationRegimes()
    /// The honest annotators of the campaign-launch cohort (empty unless that regime is on).
    public var campaignCohort: [String] = []
    /// Rating ids of the honest repeated exposures: an annotator's later, independent judgment of an item they
    /// rated before (empty unless that regime is on).
    public var repeatExposures: [String] = []

    public init() {}

    /// The truth as one JSON document (format `assay-simulation-truth-v1`).
    public func json() -> JSONValue {
        let members: [(key: String, value: JSONValue)] = [
            ("format", .string("assay-simulation-truth-v1")),
            ("seed", .number(Double(seed))),
            ("ratings", .number(Double(ratings))),
            ("attacks", .object(attacks.keys.sorted().map { ($0.rawValue, .number(attacks[$0]!)) })),
            ("trigger_word", .string(triggerWord)),
            ("entity", .string(entityName)),
            ("adversaries", .array(adversaries.map { .object([("annotator_id", .string($0.annotatorID)), ("kind", .string($0.kind.rawValue))]) })),
            (
                "poisoned_ratings",
                .array(
                    poisoned.map {
                        .object([
                            ("rating_id", .string($0.ratingID)), ("annotator_id", .string($0.annotatorID)), ("item_id", .string($0.itemID)),
                            ("kind", .string($0.kind.rawValue)),
                        ])
                    })
            ),
            (
                "pairwise_items",
                .array(
                    pairwiseItems.map {
                        .object([
                            ("item_id", .string($0.itemID)), ("better", .string($0.betterResponseID)),
                            ("attacks", .array($0.attacks.map { .string($0.rawValue) })),
                        ])
                    })
            ),
        ]
        return .object(members + regimeMembers)
    }

    /// The regime members of the document, present only when a regime is on (so a plain truth file is unchanged).
    private var regimeMembers: [(key: String, value: JSONValue)] {
        guard regimes.isActive else { return [] }
        return [
            ("regimes", .object(regimes.active.map { ($0.name, .number($0.value)) })),
            ("campaign_cohort", .array(campaignCohort.map(JSONValue.string))),
            ("repeat_exposures", .array(repeatExposures.map(JSONValue.string))),
        ]
    }

    /// Reads a document written by ``json()``.
    public init(json: JSONValue) throws(SimulationTruthError) {
        guard json["format"]?.stringValue == "assay-simulation-truth-v1" else { throw .notATruthFile }
        func kind(_ value: JSONValue?) throws(SimulationTruthError) -> AttackKind {
            guard let text = value?.stringValue, let kind = AttackKind(rawValue: text) else {
                throw .malformed("unknown attack kind \(value?.stringValue ?? "null")")
            }
            return kind
        }
        func string(_ value: JSONValue?, _ field: String) throws(SimulationTruthError) -> String {
            guard let text = value?.stringValue else { throw .malformed("missing \(field)") }
            return text
        }
        seed = UInt64(json["seed"]?.numberValue ?? 0)
        ratings = Int(json["ratings"]?.numberValue ?? 0)
        triggerWord = json["trigger_word"]?.stringValue ?? ""
        entityName = json["entity"]?.stringValue ?? ""
        if case .object(let members)? = json["attacks"] {
            for (key, value) in members {
                guard let kind = AttackKind(rawValue: key), let rate = value.numberValue else { throw .malformed("bad attack \(key)") }
                attacks[kind] = rate
            }
        }
        if case .array(let values)? = json["adversaries"] {
            for value in values {
                adversaries.append(Adversary(annotatorID: try string(value["annotator_id"], "annotator_id"), kind: try kind(value["kind"])))
            }
        }
        if case .array(let values)? = json["poisoned_ratings"] {
            for value in values {
                poisoned.append(
                    PoisonedRating(
                        ratingID: try string(value["rating_id"], "rating_id"), annotatorID: try string(value["annotator_id"], "annotator_id"),
                        itemID: try string(value["item_id"], "item_id"), kind: try kind(value["kind"])))
            }
        }
        if case .object(let members)? = json["regimes"] {
            for (key, value) in members {
                guard let number = value.numberValue else { throw .malformed("bad regime \(key)") }
                switch key {
                case "campaign_launch": regimes.campaignLaunchShare = number
                case "campaign_batch_items": regimes.campaignBatchItems = Int(number)
                case "position_imbalance": regimes.positionImbalance = number
                case "tie_rate": regimes.tieRate = number
                case "response_pool": regimes.responsePool = Int(number)
                case "repeat_exposure": regimes.repeatExposure = number
                default: throw .malformed("unknown regime \(key)")
                }
            }
        }
        if case .array(let values)? = json["campaign_cohort"] {
            for value in values { campaignCohort.append(try string(value, "campaign_cohort")) }
        }
        if case .array(let values)? = json["repeat_exposures"] {
            for value in values { repeatExposures.append(try string(value, "repeat_exposures")) }
        }
        if case .array(let values)? = json["pairwise_items"] {
            for value in values {
                var kinds: [AttackKind] = []
                if case .array(let list)? = value["attacks"] { for entry in list { kinds.append(try kind(entry)) } }
                pairwiseItems.append(
                    PairwiseItem(
                        itemID: try string(value["item_id"], "item_id"), betterResponseID: try string(value["better"], "better"), attacks: kinds))
            }
        }
    }
}

/// Why a truth file could not be read.
public enum SimulationTruthError: Error, Sendable, Equatable, CustomStringConvertible {
    case notATruthFile
    case malformed(String)

    public var description: String {
        switch self {
        case .notATruthFile:
            "not a simulation truth file (expected \"format\": \"assay-simulation-truth-v1\"); write one with assay simulate --truth FILE"
        case .malformed(let reason): "malformed truth file: \(reason)"
        }
    }
}
