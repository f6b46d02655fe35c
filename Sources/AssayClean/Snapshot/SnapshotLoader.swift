import AssayModel
import AssayPluginAPI
import AssayPlugins
import AssayStore

/// Reads the ratings of a store snapshot into the columnar ``SnapshotView`` that consensus,
/// rules and outputs all work on (one pass over the store, in ingest order).
public enum SnapshotLoader {
    /// A view of ratings held in memory (tests, tools): items come from the ratings that carry them.
    public static func view(of ratings: [Rating]) throws -> SnapshotView {
        var builder = SnapshotBuilder()
        var seen: Set<String> = []
        for rating in ratings {
            guard let item = rating.carriedItem, seen.insert(item.id).inserted else { continue }
            try builder.addItem(id: item.id, prompt: item.prompt, responses: item.responses.map { ($0.id, $0.text) })
        }
        for rating in ratings { try add(rating, to: &builder) }
        return builder.build()
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
    ) throws -> SnapshotView {
        var builder = SnapshotBuilder()
        for item in try store.items(upTo: watermark) {
            try builder.addItem(id: item.id, prompt: item.prompt, responses: item.responses.map { ($0.id, $0.text) })
        }
        var count = 0
        try store.forEachRating(upTo: watermark) { stored in
            try add(stored.rating, to: &builder)
            count += 1
            if count % 100_000 == 0 { progress(count) }
        }
        return builder.build()
    }
}
