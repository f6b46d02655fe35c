import AssayModel
import AssayPlugins

/// Revisions of ratings, resolved when a snapshot is read: a rating whose `meta.supersedes` names another rating's
/// `rating_id` is a later revision of it (a Label Studio annotation edited after it was ingested:
/// Docs/label-studio.md). The ratings are stored append-only, every revision its own rating; a cleaning run keeps
/// only the newest of each.
///
/// The ratings that share an annotator, an item and the rating they supersede (followed to its end when a revision
/// supersedes a revision) form one group together with that rating; the group's newest rating (greatest
/// `submitted_at`, then the later ingested) is kept and the others are **superseded**: left out of the run's input
/// and counted in its report. A `meta.supersedes` naming a rating of another annotator or item supersedes nothing.
struct Revisions {
    /// Rows (in the builder's order) that carry `meta.supersedes`, and the id each names.
    private var revisions: [(row: Int, supersedes: String)] = []

    /// Notes `rating`, added to the builder as row `row`.
    mutating func note(_ rating: Rating, row: Int) {
        if case .string(let target)? = rating.meta?["supersedes"], !target.isEmpty, target != rating.ratingID {
            revisions.append((row, target))
        }
    }

    /// Whether any rating noted so far is a revision.
    var isEmpty: Bool { revisions.isEmpty }

    /// The rows of `builder` that a newer revision supersedes.
    func supersededRows(in builder: SnapshotBuilder) -> Set<Int> {
        guard !revisions.isEmpty else { return [] }
        let targets = Set(revisions.map(\.supersedes))
        var rowOf: [String: Int] = [:]
        for row in 0..<builder.ratingCount {
            let id = builder.ratingKey(row).id
            if targets.contains(id) { rowOf[id] = row }
        }
        var supersedes: [Int: String] = [:]
        for revision in revisions { supersedes[revision.row] = revision.supersedes }
        // The id at the end of the chain of `supersedes` starting at `row` (bounded: a cycle stops).
        func root(_ row: Int) -> String {
            var target = supersedes[row]!
            var steps = 0
            while let next = rowOf[target], let further = supersedes[next], steps < revisions.count {
                target = further
                steps += 1
            }
            return target
        }
        struct Key: Hashable {
            let root: String
            let annotator: String
            let item: String
        }
        var groups: [Key: [Int]] = [:]
        for revision in revisions {
            let key = builder.ratingKey(revision.row)
            let group = Key(root: root(revision.row), annotator: key.annotator, item: key.item)
            groups[group, default: []].append(revision.row)
        }
        var superseded: Set<Int> = []
        for (group, rows) in groups {
            var members = rows
            if let base = rowOf[group.root], supersedes[base] == nil {
                let key = builder.ratingKey(base)
                if key.annotator == group.annotator, key.item == group.item { members.append(base) }
            }
            guard members.count > 1 else { continue }
            let newest = members.max { a, b in
                let (x, y) = (builder.ratingKey(a).submittedAtMs, builder.ratingKey(b).submittedAtMs)
                return x != y ? x < y : a < b
            }!
            for row in members where row != newest { superseded.insert(row) }
        }
        return superseded
    }
}
