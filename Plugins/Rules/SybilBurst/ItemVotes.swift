import AssayPluginAPI

/// The strict pairwise votes on one item, one per annotator (their first strict vote: a replayed or repeated rating
/// does not count twice), and the item's gold answer.
struct ItemVotes {
    /// One annotator's strict choice.
    struct Vote {
        let annotator: Int
        let choice: Int8
    }

    /// Strict votes tallied by side, with the gold answer that overrides them.
    struct Tally {
        var first = 0
        var second = 0
        let gold: Int8

        /// The same tally without `vote`, when `counted` says it was in it.
        func without(_ vote: Vote, counted: Bool) -> Tally {
            guard counted else { return self }
            var tally = self
            if vote.choice == PairwiseChoice.first { tally.first -= 1 } else { tally.second -= 1 }
            return tally
        }

        /// The reference side: the gold answer where there is one, else the strict majority; nil on equal counts.
        var side: Int8? {
            if gold >= 0 { return gold }
            if first > second { return PairwiseChoice.first }
            if second > first { return PairwiseChoice.second }
            return nil
        }
    }

    let votes: [Vote]
    let gold: Int8

    /// The tally of the votes of annotators that `include` accepts.
    func reference(_ include: (Int) -> Bool) -> Tally {
        var tally = Tally(gold: gold)
        for vote in votes where include(vote.annotator) {
            if vote.choice == PairwiseChoice.first { tally.first += 1 } else { tally.second += 1 }
        }
        return tally
    }
}

extension SybilBurstRule {
    /// The item's strict pairwise votes, one per annotator, and its gold answer (-1 without one).
    static func strictVotes(ofItem item: Int, in snapshot: SnapshotView) -> ItemVotes {
        let ratings = snapshot.ratings
        var votes: [ItemVotes.Vote] = []
        var seen = Set<Int32>()
        var gold: Int8 = -1
        for row in snapshot.ratingRows(ofItem: item) {
            let r = Int(row)
            guard ratings.kind[r] == RatingKind.pairwise.rawValue else { continue }
            if ratings.goldChoice[r] >= 0 { gold = ratings.goldChoice[r] }
            let choice = ratings.choice[r]
            guard choice == PairwiseChoice.first || choice == PairwiseChoice.second, seen.insert(ratings.annotator[r]).inserted else { continue }
            votes.append(ItemVotes.Vote(annotator: Int(ratings.annotator[r]), choice: choice))
        }
        return ItemVotes(votes: votes, gold: gold)
    }
}
