extension SnapshotView {
    /// The rating rows of annotator `annotator` (snapshot row order).
    public func ratingRows(ofAnnotator annotator: Int) -> ArraySlice<Int32> {
        ratingsByAnnotator[annotator]
    }

    /// The rating rows of item `item` (snapshot row order).
    public func ratingRows(ofItem item: Int) -> ArraySlice<Int32> {
        ratingsByItem[item]
    }

    /// The annotator id or rating id a finding is about.
    public func id(of subject: FindingSubject) -> String {
        switch subject {
        case .annotator(let row): annotators.ids[Int(row)]
        case .rating(let row): ratings.ids[Int(row)]
        }
    }

    /// The kind of rating `row`.
    public func kind(ofRating row: Int) -> RatingKind {
        RatingKind(rawValue: ratings.kind[row]) ?? .pairwise
    }

    /// For a pairwise rating with a strict preference: did the annotator choose the response shown first
    /// (left / top)? Nil for ties, other kinds, and missing answers.
    public func choseShownFirst(rating row: Int) -> Bool? {
        guard ratings.kind[row] == RatingKind.pairwise.rawValue else { return nil }
        let choice = ratings.choice[row]
        guard choice == PairwiseChoice.first || choice == PairwiseChoice.second else { return nil }
        let shownFirst = ratings.shownOrder[row].first ?? 0
        return Int32(choice) == shownFirst
    }

    /// Lowercased word tokens (runs of letters and digits) of a text, e.g. a prompt.
    ///
    /// ASCII text (most prompts and responses) is split on its bytes — a–z and 0–9 are exactly the ASCII letters and
    /// digits once lowercased — which skips a Unicode property lookup per character; anything else takes the
    /// `Character` path. Both give the same tokens.
    public static func tokens(of text: String) -> [Substring] {
        let lower = text.lowercased()
        let bytes = lower.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return lower.split(whereSeparator: { !($0.isLetter || $0.isNumber) }) }
        var tokens: [Substring] = []
        var start: String.Index?
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                if start == nil { start = index }
            } else if let first = start {
                tokens.append(lower[first..<index])
                start = nil
            }
            bytes.formIndex(after: &index)
        }
        if let first = start { tokens.append(lower[first..<bytes.endIndex]) }
        return tokens
    }

    /// Lowercased word tokens of item `item`'s prompt.
    public func promptTokens(ofItem item: Int) -> [Substring] {
        Self.tokens(of: items.prompts[item])
    }
}
