extension Rating {
    /// Checks the contract rules that need the item: response counts for the kind, every
    /// response id the rating names (choice, ranking, scores, shown order, gold), and that
    /// texts sent again equal the stored ones (a difference is a ``RatingError/Kind/conflict``).
    ///
    /// - Parameter item: the stored item, or the item this rating introduces.
    public func check(against item: Item) throws(RatingError) {
        do {
            try checkFields(against: item)
        } catch var error {
            error.ratingID = ratingID
            throw error
        }
    }

    private func checkFields(against item: Item) throws(RatingError) {
        if let prompt, prompt != item.prompt {
            throw RatingError(
                kind: .conflict, field: "prompt",
                reason: "differs from the stored prompt of item \"\(itemID)\"; items cannot change once stored")
        }
        if let responses, responses != item.responses {
            throw RatingError(
                kind: .conflict, field: "responses",
                reason: "differ from the stored responses of item \"\(itemID)\"; items cannot change once stored")
        }
        let ids = item.responseIDs
        guard kind.allowedResponseCounts.contains(ids.count) else {
            throw .field(
                "kind",
                "item \"\(itemID)\" has \(ids.count) responses; a \(kind.rawValue) rating needs \(kind.responseCountRule)")
        }
        // Items have a handful of responses: a linear scan beats hashing, and the id list for
        // the error message is only built when there is an error.
        let known = ResponseIDs(ids)
        var list: String { ids.map { "\"\($0)\"" }.joined(separator: ", ") }
        switch answer {
        case .pairwise(let choice, _):
            if case .response(let id) = choice, !known.contains(id) {
                throw .field("choice", "\"\(id)\" is not a response of item \"\(itemID)\" (responses: \(list), or \"tie\")")
            }
        case .ranking(let ranking):
            try checkPermutation(ranking, of: ids, known: known, field: "ranking", list: list)
        case .score(let scores, _, _):
            for score in scores where !known.contains(score.responseID) {
                throw .field("scores", "\"\(score.responseID)\" is not a response of item \"\(itemID)\" (responses: \(list))")
            }
        }
        if let shownOrder {
            try checkPermutation(shownOrder, of: ids, known: known, field: "shown_order", list: list)
        }
        if let gold {
            switch gold {
            case .pairwise(let choice):
                if case .response(let id) = choice, !known.contains(id) {
                    throw .field("gold", "\"\(id)\" is not a response of item \"\(itemID)\" (responses: \(list), or \"tie\")")
                }
            case .ranking(let ranking):
                try checkPermutation(ranking, of: ids, known: known, field: "gold", list: list)
            case .score(let scores):
                for score in scores where !known.contains(score.responseID) {
                    throw .field("gold", "\"\(score.responseID)\" is not a response of item \"\(itemID)\" (responses: \(list))")
                }
            }
        }
    }

    private func checkPermutation(
        _ order: [String], of ids: [String], known: ResponseIDs, field: String, list: @autoclosure () -> String
    ) throws(RatingError) {
        let small = order.count <= 16
        var seen: Set<String> = []
        for (position, id) in order.enumerated() {
            guard known.contains(id) else {
                throw .field(field, "\"\(id)\" is not a response of item \"\(itemID)\" (responses: \(list()))")
            }
            let repeated = small ? order[..<position].contains(id) : !seen.insert(id).inserted
            guard !repeated else { throw .field(field, "\"\(id)\" appears twice") }
        }
        guard order.count == ids.count else {
            if small { seen = Set(order) }
            let missing = ids.filter { !seen.contains($0) }.map { "\"\($0)\"" }.joined(separator: ", ")
            throw .field(field, "must list every response of item \"\(itemID)\" once; missing \(missing)")
        }
    }
}

/// The response ids of one item, for membership tests: a linear scan for the usual handful,
/// a hash set for items with many responses.
private struct ResponseIDs {
    private let ids: [String]
    private let set: Set<String>?

    init(_ ids: [String]) {
        self.ids = ids
        set = ids.count > 16 ? Set(ids) : nil
    }

    func contains(_ id: String) -> Bool {
        if let set { return set.contains(id) }
        return ids.contains(id)
    }
}
