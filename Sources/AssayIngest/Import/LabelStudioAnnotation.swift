import AssayCrypto
import AssayModel

/// What one Label Studio annotation of one task became, converted on its own (the webhook receiver's path): a
/// contract-v1 rating, or the note saying why it is not one.
public enum LabelStudioConversion: Sendable, Equatable {
    /// The rating object, as ``LabelStudioImporter`` writes it for an export.
    case rating(JSONValue)
    /// Not a rating (cancelled, empty result), with the reason.
    case skipped(LabelStudioSummary.Note)
    /// Refused, with the task, the annotation and the reason.
    case rejected(LabelStudioSummary.Note)
}

extension LabelStudioImporter {
    /// The member of `meta` that names the rating a revision replaces (Docs/label-studio.md, "Revisions").
    public static let supersedesKey = "supersedes"

    /// Converts one annotation of `task` with the export's mapping (the same code: ids, annotator, prompt and
    /// responses, answer, `meta`). A ground-truth annotation carries its own answer as `gold`; the export path,
    /// which sees every annotation of the task, also gives it to the task's other ratings.
    public static func convert(
        task: JSONValue, annotation: JSONValue, options: LabelStudioOptions = LabelStudioOptions()
    ) -> LabelStudioConversion {
        var summary = LabelStudioSummary()
        var seen: Set<String> = []
        let taskLabel = task["id"].flatMap(idText) ?? "?"
        let annotationLabel = annotation["id"].flatMap(idText) ?? "?"
        let prepared: [Prepared]
        do throws(LabelStudioRefusal) {
            prepared = try prepare(task: task, annotations: [annotation], options: options, summary: &summary, seen: &seen)
        } catch {
            return .rejected(.init(task: taskLabel, annotation: annotationLabel, category: error.category, detail: error.detail))
        }
        if let rating = prepared.first { return .rating(rating.json(gold: goldAnswers(prepared)[rating.answer.kind])) }
        if let note = summary.skipped.first { return .skipped(note) }
        if let note = summary.rejected.first { return .rejected(note) }
        return .rejected(.init(task: taskLabel, annotation: annotationLabel, category: "bad annotation", detail: "no rating"))
    }

    /// The rating of an edited annotation as a new revision of `rating` (its first state, `<prefix>-<project>-<task>-
    /// <annotation>`): `rating_id` `<that id>-rev-<12 hex>`, the hex the start of the SHA-256 of the edited rating's
    /// canonical JSON (so the same edit delivered twice has the same id and content: a duplicate), and
    /// `meta.supersedes` naming the first state's `rating_id`. A cleaning run keeps only the newest revision
    /// (greatest `submitted_at`) of the ratings that share an annotator, an item and the rating they supersede.
    public static func revision(of rating: JSONValue) -> JSONValue {
        guard case .object(let members) = rating, let base = rating["rating_id"]?.stringValue else { return rating }
        let digest = SHA256Digest.hash(CanonicalJSON.encode(rating)).hex.prefix(12)
        return .object(
            members.map { member in
                switch member.key {
                case "rating_id": return (member.key, .string("\(base)-rev-\(digest)"))
                case "meta":
                    guard case .object(var meta) = member.value else { return member }
                    meta.append((supersedesKey, .string(base)))
                    return (member.key, .object(meta))
                default: return member
                }
            })
    }
}
