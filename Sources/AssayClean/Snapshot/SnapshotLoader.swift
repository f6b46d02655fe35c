import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayStore

/// Reads the ratings of a store snapshot into the columnar ``SnapshotView`` that consensus,
/// rules and outputs all work on (one pass over the store, in ingest order). A rating that a later
/// revision supersedes (``Revisions``: `meta.supersedes`) is left out.
public enum SnapshotLoader {
    /// A snapshot as a run reads it.
    public struct Loaded: Sendable {
        /// The ratings the run works on: the newest revision of each.
        public let view: SnapshotView
        /// Ratings of the snapshot left out because a later revision supersedes them.
        public let superseded: Int
    }

    /// A view of ratings held in memory (tests, tools): items come from the ratings that carry them.
    public static func view(of ratings: [Rating]) throws -> SnapshotView {
        try loaded(ratings).view
    }

    /// ``view(of:)`` with the count of superseded ratings.
    public static func loaded(_ ratings: [Rating]) throws -> Loaded {
        var builder = SnapshotBuilder()
        var seen: Set<String> = []
        for rating in ratings {
            guard let item = rating.carriedItem, seen.insert(item.id).inserted else { continue }
            try builder.addItem(id: item.id, prompt: item.prompt, responses: item.responses.map { ($0.id, $0.text) })
        }
        var revisions = Revisions()
        for rating in ratings {
            revisions.note(rating, row: builder.ratingCount)
            try add(rating, to: &builder)
        }
        return finish(builder, revisions)
    }

    /// The view without the superseded ratings.
    static func finish(_ builder: SnapshotBuilder, _ revisions: Revisions) -> Loaded {
        var builder = builder
        let superseded = revisions.supersededRows(in: builder)
        builder.removeRatings(superseded)
        return Loaded(view: builder.build(), superseded: superseded.count)
    }

    static func add(_ rating: Rating, to builder: inout SnapshotBuilder) throws {
        let batch: String?
        if case .string(let name)? = rating.meta?["batch"] { batch = name } else { batch = nil }
        try builder.addRating(
            id: rating.ratingID, annotator: rating.annotatorID, item: rating.itemID,
            submittedAtMs: rating.submittedAt.millisecondsSinceEpoch, durationMs: rating.durationMs, batch: batch,
            shownOrder: rating.shownOrder, answer: rating.answer, gold: rating.gold)
    }

    /// Loads every rating up to `watermark`, calling `progress` every 100,000 ratings.
    static func load(
        store: any RatingStore, watermark: Int64, progress: (Int) -> Void = { _ in }
    ) throws -> Loaded {
        var builder = SnapshotBuilder()
        for item in try store.items(upTo: watermark) {
            try builder.addItem(id: item.id, prompt: item.prompt, responses: item.responses.map { ($0.id, $0.text) })
        }
        var count = 0
        var revisions = Revisions()
        try store.forEachRating(upTo: watermark) { stored in
            revisions.note(stored.rating, row: builder.ratingCount)
            try add(stored.rating, to: &builder)
            count += 1
            if count % 100_000 == 0 { progress(count) }
        }
        return finish(builder, revisions)
    }
}
