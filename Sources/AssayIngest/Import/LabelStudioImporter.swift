import AssayModel
import Foundation

/// Converts a Label Studio JSON export (Export → JSON: an array of tasks with their `annotations`) into contract-v1
/// ratings, one per submitted annotation made with a preference template.
///
/// Mapping, per annotation of a task:
/// - `rating_id` `<prefix>-<project>-<task>-<annotation>`, `item_id` `<prefix>-<project>-<task>` (the project from the
///   task, else its first annotation, else ``LabelStudioOptions/project``; left out of both ids when unknown);
/// - `annotator_id` `<prefix>-user-<id>` from `completed_by` (an id, or a user object with `id`);
/// - `submitted_at` from `updated_at` (the newest state: an export carries an edited annotation as it is now), else
///   `created_at`; `duration_ms` from `lead_time` (seconds);
/// - `prompt` and `responses` from the task's `data`: the prompt field, and the response fields (ids the field names,
///   left first) or, for `<Ranker>`, the `<List>` items (ids the items' `id`, texts their `body`, else `title`);
/// - the answer from the annotation's single preference control (``LabelStudioTemplate``); other result regions are
///   not part of the rating;
/// - `gold`: the answer of the task's ground-truth annotation (`ground_truth: true`; the newest when there are
///   several), on every rating of the task of the same kind, the ground-truth one included;
/// - `meta`: `source`, `project`, `task`, `annotation`, `control` (`from_name`), `template`, and `ground_truth` when set.
///
/// Cancelled annotations (`was_cancelled`, the annotator pressed Skip) and empty results are skipped; a task or an
/// annotation that does not map is rejected with its id and the reason. Either way it is counted
/// (``LabelStudioSummary``), never a crash. Predictions and drafts are not ratings and are not read.
public enum LabelStudioImporter {
    /// Converts the export at `path` (`-`: standard input), streaming the ratings as JSON Lines lines to `emit`.
    /// - Throws: `LLMFAOImporter.Failure.malformed` when the file is not JSON or not an array of tasks.
    public static func convert(
        export path: String, options: LabelStudioOptions = LabelStudioOptions(), emit: ([UInt8]) throws -> Void
    ) throws -> LabelStudioSummary {
        // One read of the whole file: the export is one JSON array, parsed as a whole.
        let data: Data
        if path == ByteStream.standardInputPath {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            _ = try ByteStream(path: path)  // the same "no such file" / "is a directory" errors as every reader
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw IngestError.cannotRead(path: path, reason: "cannot read the file")
            }
            data = contents
        }
        return try convert(bytes: [UInt8](data), origin: path == ByteStream.standardInputPath ? "standard input" : path, options: options, emit: emit)
    }

    /// Converts an export held in memory; `origin` names it in errors.
    public static func convert(
        bytes: [UInt8], origin: String, options: LabelStudioOptions = LabelStudioOptions(), emit: ([UInt8]) throws -> Void
    ) throws -> LabelStudioSummary {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw LLMFAOImporter.Failure.malformed(file: origin, line: 1, reason: "not a Label Studio JSON export: \(error)")
        }
        guard case .array(let tasks) = document else {
            throw LLMFAOImporter.Failure.malformed(
                file: origin, line: 1, reason: "a Label Studio JSON export is an array of tasks, got \(document.typeDescription)")
        }
        var summary = LabelStudioSummary()
        var seenAnnotations: Set<String> = []
        var out: [UInt8] = []
        for (position, task) in tasks.enumerated() {
            summary.tasks += 1
            let taskLabel = task["id"].flatMap(idText) ?? "#\(position + 1)"
            guard case .array(let annotations)? = task["annotations"] else {
                let detail =
                    if case .object = task { "no \"annotations\" array (a JSON-MIN or CSV export? export as JSON)" } else {
                        "not a task object (\(task.typeDescription))"
                    }
                summary.rejected.append(.init(task: taskLabel, annotation: nil, category: "bad task data", detail: detail, annotations: 0))
                continue
            }
            summary.annotations += annotations.count
            if case .array(let predictions)? = task["predictions"] { summary.predictions += predictions.count }
            let ratings: [Prepared]
            do throws(LabelStudioRefusal) {
                ratings = try prepare(task: task, annotations: annotations, options: options, summary: &summary, seen: &seenAnnotations)
            } catch {
                summary.rejected.append(
                    .init(task: taskLabel, annotation: nil, category: error.category, detail: error.detail, annotations: annotations.count))
                continue
            }
            let gold = goldAnswers(ratings)
            for rating in ratings {
                let goldValue = gold[rating.answer.kind]
                out.removeAll(keepingCapacity: true)
                JSONWriter.append(rating.json(gold: goldValue), to: &out)
                out.append(UInt8(ascii: "\n"))
                try emit(out)
                summary.imported += 1
                if goldValue != nil { summary.withGold += 1 }
            }
        }
        return summary
    }

    /// One annotation ready to write.
    struct Prepared {
        let head: [(key: String, value: JSONValue)]
        let answer: LabelStudioAnswer
        let submittedAt: Timestamp
        let tail: [(key: String, value: JSONValue)]
        let groundTruth: Bool

        /// The rating object, with `gold` when the task has a ground-truth answer of this kind.
        func json(gold: JSONValue?) -> JSONValue {
            var members = head
            members.append(contentsOf: answer.members)
            members.append(("submitted_at", .string(submittedAt.description)))
            members.append(contentsOf: tail.filter { $0.key != "meta" })
            if let gold { members.append(("gold", gold)) }
            members.append(contentsOf: tail.filter { $0.key == "meta" })
            return .object(members)
        }
    }

    /// The newest ground-truth answer of each kind.
    static func goldAnswers(_ ratings: [Prepared]) -> [RatingKind: JSONValue] {
        var newest: [RatingKind: (at: Timestamp, gold: JSONValue)] = [:]
        for rating in ratings where rating.groundTruth {
            if let known = newest[rating.answer.kind], known.at > rating.submittedAt { continue }
            newest[rating.answer.kind] = (rating.submittedAt, rating.answer.gold)
        }
        return newest.mapValues { $0.gold }
    }

    /// The ratings of one task; annotations that do not map are noted in `summary`.
    /// - Throws: a refusal of the whole task (no id, no data, no prompt).
    static func prepare(
        task: JSONValue, annotations: [JSONValue], options: LabelStudioOptions, summary: inout LabelStudioSummary,
        seen: inout Set<String>
    ) throws(LabelStudioRefusal) -> [Prepared] {
        guard let taskID = task["id"].flatMap(idText) else {
            throw .badTask("no task \"id\" (an integer), got \(LabelStudioAnswer.show(task["id"]))")
        }
        guard case .object = task["data"] else { throw .badTask("no \"data\" object, got \(LabelStudioAnswer.show(task["data"]))") }
        let data = task["data"]!
        guard let prompt = data[options.promptField]?.stringValue else {
            throw .badTask(
                "data has no \"\(options.promptField)\" string for the prompt (--prompt-field), got \(LabelStudioAnswer.show(data[options.promptField]))"
            )
        }
        let project =
            task["project"].flatMap(idText) ?? annotations.lazy.compactMap { $0["project"].flatMap(Self.idText) }.first ?? options.project
        let scope = [options.prefix] + (project.map { [$0] } ?? []) + [taskID]
        let itemID = scope.joined(separator: "-")
        var prepared: [Prepared] = []
        for annotation in annotations {
            let annotationID = annotation["id"].flatMap(idText)
            do throws(LabelStudioRefusal) {
                guard let annotationID else {
                    throw LabelStudioRefusal.badAnnotation("no annotation \"id\", got \(LabelStudioAnswer.show(annotation["id"]))")
                }
                guard seen.insert(annotationID).inserted else {
                    throw LabelStudioRefusal(category: "duplicate annotation", detail: "annotation \(annotationID) appears earlier in the export")
                }
                if annotation["was_cancelled"] == .bool(true) {
                    summary.skipped.append(
                        .init(task: taskID, annotation: annotationID, category: "cancelled", detail: "was_cancelled: the annotator skipped the task"))
                    continue
                }
                guard case .array(let regions)? = annotation["result"] else {
                    throw LabelStudioRefusal.badAnnotation("no \"result\" array, got \(LabelStudioAnswer.show(annotation["result"]))")
                }
                if regions.isEmpty {
                    summary.skipped.append(
                        .init(task: taskID, annotation: annotationID, category: "empty result", detail: "submitted with no result"))
                    continue
                }
                let (template, preference) = try LabelStudioTemplate.of(regions)
                let responses = try self.responses(for: template, data: data, options: options)
                let answer = try LabelStudioAnswer.read(template: template, regions: preference, responses: responses, options: options)
                prepared.append(
                    try rating(
                        annotation: annotation, annotationID: annotationID, scope: scope, itemID: itemID, prompt: prompt,
                        responses: responses, answer: answer, project: project))
            } catch {
                summary.rejected.append(
                    .init(task: taskID, annotation: annotationID ?? "?", category: error.category, detail: error.detail))
            }
        }
        return prepared
    }

    /// The rating of one annotation whose answer is read.
    static func rating(
        annotation: JSONValue, annotationID: String, scope: [String], itemID: String, prompt: String, responses: [Response],
        answer: LabelStudioAnswer, project: String?
    ) throws(LabelStudioRefusal) -> Prepared {
        let user: String
        if let id = annotation["completed_by"].flatMap(idText) {
            user = id
        } else if let id = annotation["completed_by"]?["id"].flatMap(idText) {
            user = id
        } else {
            throw .badAnnotation("no \"completed_by\" user id, got \(LabelStudioAnswer.show(annotation["completed_by"]))")
        }
        let stampField = annotation["updated_at"]?.stringValue != nil ? "updated_at" : "created_at"
        guard let text = annotation[stampField]?.stringValue, let submittedAt = Timestamp(rfc3339: text) else {
            throw .badAnnotation("\(stampField) must be an RFC 3339 time, got \(LabelStudioAnswer.show(annotation[stampField]))")
        }
        let groundTruth = annotation["ground_truth"] == .bool(true)
        var head: [(key: String, value: JSONValue)] = [
            ("rating_id", .string((scope + [annotationID]).joined(separator: "-"))),
            ("annotator_id", .string("\(scope[0])-user-\(user)")),
            ("item_id", .string(itemID)),
            ("kind", .string(answer.kind.rawValue)),
            ("prompt", .string(prompt)),
            ("responses", .array(responses.map { .object([("id", .string($0.id)), ("text", .string($0.text))]) })),
        ]
        if answer.kind != .score { head.append(("shown_order", .array(responses.map { .string($0.id) }))) }
        var tail: [(key: String, value: JSONValue)] = []
        if let seconds = annotation["lead_time"]?.numberValue, seconds >= 0, seconds < 1e12 {
            tail.append(("duration_ms", .number((seconds * 1000).rounded())))
        }
        var meta: [(key: String, value: JSONValue)] = [("source", .string("label-studio"))]
        if let project { meta.append(("project", .string(project))) }
        meta.append(("task", .string(scope[scope.count - 1])))
        meta.append(("annotation", .string(annotationID)))
        meta.append(("control", .string(answer.control)))
        meta.append(("template", .string(answer.template.rawValue)))
        if groundTruth { meta.append(("ground_truth", .bool(true))) }
        tail.append(("meta", .object(meta)))
        return Prepared(head: head, answer: answer, submittedAt: submittedAt, tail: tail, groundTruth: groundTruth)
    }

    /// The responses a template compares: the response fields, or the `<List>` items for a ranker.
    static func responses(
        for template: LabelStudioTemplate, data: JSONValue, options: LabelStudioOptions
    ) throws(LabelStudioRefusal) -> [Response] {
        if template == .ranker {
            guard case .array(let items)? = data[options.listField], items.count >= 2 else {
                throw .badTask(
                    "a ranker needs data \"\(options.listField)\" as a list of 2 or more {\"id\", \"title\", \"body\"} items (--list-field), got \(LabelStudioAnswer.show(data[options.listField]))"
                )
            }
            var responses: [Response] = []
            for (index, item) in items.enumerated() {
                guard let id = item["id"].flatMap(idText), let text = item["body"]?.stringValue ?? item["title"]?.stringValue else {
                    throw .badTask("\(options.listField) item \(index + 1) needs an \"id\" and a \"body\" or \"title\" string")
                }
                guard !responses.contains(where: { $0.id == id }) else { throw .badTask("\(options.listField) item id \"\(id)\" appears twice") }
                responses.append(Response(id: id, text: text))
            }
            return responses
        }
        let candidates = options.responseFields.map { [$0] } ?? LabelStudioOptions.defaultResponseFields
        guard let fields = candidates.first(where: { $0.allSatisfy { data[$0]?.stringValue != nil } }) else {
            let names = candidates.map { $0.joined(separator: ",") }.joined(separator: " or ")
            throw .badTask("data has no string response fields \(names) (--response-fields)")
        }
        if template.kind == .pairwise, fields.count != 2 {
            throw .unsupported("a \(template.rawValue) result compares 2 responses; --response-fields names \(fields.count)")
        }
        return fields.map { Response(id: $0, text: data[$0]!.stringValue!) }
    }

    /// An id as text: an integer (Label Studio's ids) or a non-empty string; `nil` otherwise.
    static func idText(_ value: JSONValue) -> String? {
        switch value {
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return String(Int64(number))
        case .string(let text) where !text.isEmpty && text.count <= 64: return text
        default: return nil
        }
    }
}
