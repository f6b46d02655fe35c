/// What a Label Studio import did with every annotation of the export: imported as a rating, skipped (not a rating,
/// with the reason) or rejected (with the task, the annotation and the reason). `imported + skipped + rejected`
/// equals `annotations`.
public struct LabelStudioSummary: Sendable, Equatable {
    /// One annotation (or a whole task) that did not become a rating, and why.
    public struct Note: Sendable, Equatable, CustomStringConvertible {
        /// The task id (or `#<position>` when the task has none).
        public let task: String
        /// The annotation id; `nil` when the whole task was refused.
        public let annotation: String?
        /// A short stable reason (`cancelled`, `unsupported result`, `bad task data`…), what the summary line counts.
        public let category: String
        /// The reason in full, naming the field and the value.
        public let detail: String
        /// How many annotations this note accounts for (a refused task: all its annotations).
        public let annotations: Int

        public init(task: String, annotation: String?, category: String, detail: String, annotations: Int = 1) {
            self.task = task
            self.annotation = annotation
            self.category = category
            self.detail = detail
            self.annotations = annotations
        }

        /// `task 12, annotation 40: unsupported result: …` or `task 12 (3 annotations): bad task data: …`.
        public var description: String {
            let location =
                annotation.map { "task \(task), annotation \($0)" }
                ?? "task \(task) (\(annotations) annotation\(annotations == 1 ? "" : "s"))"
            return "\(location): \(category): \(detail)"
        }
    }

    /// Tasks in the export.
    public var tasks = 0
    /// Annotations in the export (cancelled ones included).
    public var annotations = 0
    /// Ratings written.
    public var imported = 0
    /// Ratings written that carry a `gold` answer from a ground-truth annotation of their task.
    public var withGold = 0
    /// Model predictions in the export: not human ratings, never imported.
    public var predictions = 0
    /// Annotations that are not ratings (cancelled, empty).
    public var skipped: [Note] = []
    /// Annotations and tasks refused, each with its reason.
    public var rejected: [Note] = []

    public init() {}

    /// Annotations skipped.
    public var skippedCount: Int { skipped.reduce(0) { $0 + $1.annotations } }
    /// Annotations rejected (a refused task counts all its annotations).
    public var rejectedCount: Int { rejected.reduce(0) { $0 + $1.annotations } }

    /// The one-line account: `imported 3 of 6 annotations in 4 tasks; skipped 1 (cancelled 1); rejected 2 (…)`.
    public var line: String {
        func breakdown(_ notes: [Note]) -> String {
            var counts: [String: Int] = [:]
            for note in notes { counts[note.category, default: 0] += note.annotations }
            guard !counts.isEmpty else { return "" }
            return " (" + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        var text = "imported \(imported) of \(annotations) annotations in \(tasks) tasks"
        if withGold > 0 { text += " (\(withGold) with gold)" }
        text += "; skipped \(skippedCount)\(breakdown(skipped)); rejected \(rejectedCount)\(breakdown(rejected))"
        let refusedTasks = rejected.filter { $0.annotation == nil }.count
        if refusedTasks > 0 { text += " [\(refusedTasks) task\(refusedTasks == 1 ? "" : "s") refused]" }
        if predictions > 0 { text += "; \(predictions) prediction\(predictions == 1 ? "" : "s") ignored" }
        return text
    }
}
