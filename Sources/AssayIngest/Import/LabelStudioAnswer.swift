import AssayModel

/// Why one annotation (or task) is not a rating: a category the summary counts and the reason in full.
struct LabelStudioRefusal: Error {
    let category: String
    let detail: String

    static func unsupported(_ detail: String) -> Self { Self(category: "unsupported result", detail: detail) }
    static func badAnswer(_ detail: String) -> Self { Self(category: "bad answer", detail: detail) }
    static func badTask(_ detail: String) -> Self { Self(category: "bad task data", detail: detail) }
    static func badAnnotation(_ detail: String) -> Self { Self(category: "bad annotation", detail: detail) }
}

/// The preference control of an annotation, from its result regions' `type`: `<Pairwise>` (`value.selected` left or
/// right), `<Choices>` (one of the choice labels: first, second, tie), `<Ranker>` over a `<List>` (`value.ranker`),
/// `<Rating>` (`value.rating`, one region per rated response).
enum LabelStudioTemplate: String, CaseIterable, Sendable {
    case pairwise
    case choices
    case ranker
    case rating

    /// The contract kind its ratings have.
    var kind: RatingKind {
        switch self {
        case .pairwise, .choices: return .pairwise
        case .ranker: return .ranking
        case .rating: return .score
        }
    }

    /// The single preference control among `regions`, or why there is none.
    /// Regions of other types (a `<TextArea>` comment, a `<Labels>` span) are left out of the rating.
    static func of(_ regions: [JSONValue]) throws(LabelStudioRefusal) -> (template: Self, regions: [JSONValue]) {
        var found: [Self: [JSONValue]] = [:]
        var others: [String] = []
        for region in regions {
            guard let type = region["type"]?.stringValue else {
                throw .badAnnotation("a result region has no \"type\" string")
            }
            if let template = Self(rawValue: type) { found[template, default: []].append(region) } else { others.append(type) }
        }
        let present = allCases.filter { found[$0] != nil }
        guard let template = present.first else {
            let types = Array(Set(others)).sorted().joined(separator: ", ")
            throw .unsupported("no pairwise, choices, ranker or rating result (result types: \(types))")
        }
        guard present.count == 1 else {
            throw .unsupported("mixes \(present.map(\.rawValue).joined(separator: " and ")) results; one preference control per annotation")
        }
        let picked = found[template]!
        if template != .rating, picked.count > 1 {
            throw .unsupported("\(picked.count) \(template.rawValue) results; one per annotation")
        }
        return (template, picked)
    }
}

/// The answer of one annotation in contract terms, read from its preference regions against the item's responses.
struct LabelStudioAnswer {
    let template: LabelStudioTemplate
    /// The answer members of the rating (`choice`; `ranking`; `scores` and `scale`).
    let members: [(key: String, value: JSONValue)]
    /// The same answer as a `gold` value.
    let gold: JSONValue
    /// The control's `from_name`.
    let control: String

    var kind: RatingKind { template.kind }

    /// Reads the answer of `regions` (all of one `template`) against the item's `responses`.
    static func read(
        template: LabelStudioTemplate, regions: [JSONValue], responses: [Response], options: LabelStudioOptions
    ) throws(LabelStudioRefusal) -> Self {
        let control = regions.first?["from_name"]?.stringValue ?? template.rawValue
        let ids = responses.map(\.id)
        func choice(_ id: String) -> Self { Self(template: template, members: [("choice", .string(id))], gold: .string(id), control: control) }
        switch template {
        case .pairwise:
            let selected = regions[0]["value"]?["selected"]
            switch selected?.stringValue ?? "" {
            case "left": return choice(ids[0])
            case "right": return choice(ids[1])
            default:
                throw .badAnswer("pairwise value.selected must be \"left\" or \"right\", got \(Self.show(selected))")
            }
        case .choices:
            guard case .array(let chosen)? = regions[0]["value"]?["choices"], chosen.count == 1, let label = chosen[0].stringValue else {
                throw .badAnswer("choices value.choices must hold exactly one string, got \(Self.show(regions[0]["value"]?["choices"]))")
            }
            let labels = options.choiceLabels.map { $0.lowercased() }
            switch labels.firstIndex(of: label.lowercased()) {
            case 0?: return choice(ids[0])
            case 1?: return choice(ids[1])
            case 2?: return choice("tie")
            default:
                throw .badAnswer(
                    "choice \"\(label)\" is none of \(options.choiceLabels.joined(separator: ", ")) (first, second\(labels.count > 2 ? ", tie" : ""); --choices)"
                )
            }
        case .ranker:
            guard case .object(let columns)? = regions[0]["value"]?["ranker"] else {
                throw .badAnswer("ranker value.ranker must be an object, got \(Self.show(regions[0]["value"]?["ranker"]))")
            }
            guard case .array(let order)? = regions[0]["value"]?["ranker"]?[control] else {
                throw .unsupported(
                    "ranker result has buckets (\(columns.map(\.key).joined(separator: ", "))), not one ordered list under \"\(control)\": a Ranker with Bucket picks or groups, it does not rank"
                )
            }
            let ranking = order.compactMap(\.stringValue)
            guard ranking.count == order.count, ranking.count == ids.count, Set(ranking) == Set(ids) else {
                throw .badAnswer(
                    "ranker order \(Self.show(.array(order))) is not a permutation of the list's ids \(ids.joined(separator: ", "))")
            }
            let value = JSONValue.array(ranking.map { .string($0) })
            return Self(template: template, members: [("ranking", value)], gold: value, control: control)
        case .rating:
            var scores: [(key: String, value: JSONValue)] = []
            for region in regions {
                guard let stars = region["value"]?["rating"]?.numberValue else {
                    throw .badAnswer("rating value.rating must be a number, got \(Self.show(region["value"]?["rating"]))")
                }
                let target = region["to_name"]?.stringValue ?? ""
                let id: String
                if ids.contains(target) {
                    id = target
                } else if ids.count == 1 {
                    id = ids[0]
                } else {
                    throw .unsupported(
                        "rating to_name \"\(target)\" names none of the response fields \(ids.joined(separator: ", ")) (--response-fields)")
                }
                guard !scores.contains(where: { $0.key == id }) else {
                    throw .unsupported("two ratings of response \"\(id)\" in one annotation; one rated attribute per annotation")
                }
                guard options.ratingScale.count == 2, stars >= options.ratingScale[0], stars <= options.ratingScale[1] else {
                    throw .badAnswer(
                        "rating \(Self.number(stars)) of \"\(id)\" is outside the scale [\(options.ratingScale.map(Self.number).joined(separator: ", "))] (--rating-scale)"
                    )
                }
                scores.append((id, .number(stars)))
            }
            let members: [(key: String, value: JSONValue)] = [
                ("scores", .object(scores)), ("scale", .array(options.ratingScale.map { .number($0) })),
            ]
            return Self(template: template, members: members, gold: .object(scores), control: control)
        }
    }

    /// A value as it appears in the export, for a reason (`missing` when absent).
    static func show(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        let text = JSONWriter.encode(value)
        return text.count > 80 ? String(text.prefix(77)) + "…" : text
    }

    /// A number without a trailing `.0` when it is whole.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
