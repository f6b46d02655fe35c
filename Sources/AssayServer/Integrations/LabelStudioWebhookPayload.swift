import AssayModel

/// A Label Studio webhook body (`{"action": …, "annotation": …, "task": …, "project": …}`), read as far as the
/// receiver needs it: the action and each annotation with its task.
///
/// Label Studio 1.x sends `ANNOTATION_CREATED` and `ANNOTATION_UPDATED` with one `annotation` object and its `task`
/// object, and `ANNOTATIONS_CREATED` (Data Manager → "Create annotations from predictions") with `annotation` and
/// `task` as lists; `annotations` (a list) is read too. Each annotation names its task by id (`annotation.task`).
struct LabelStudioWebhookPayload {
    /// The actions that carry annotations to rate; every other action is acknowledged and ignored.
    enum Action: String, CaseIterable {
        case annotationCreated = "ANNOTATION_CREATED"
        case annotationsCreated = "ANNOTATIONS_CREATED"
        case annotationUpdated = "ANNOTATION_UPDATED"
    }

    /// One annotation and its task (`nil` when the payload holds no task with the annotation's task id).
    struct Entry {
        let annotation: JSONValue
        let task: JSONValue?
        /// The annotation's id and task id as text, for messages (`?` when absent).
        let annotationLabel: String
        let taskLabel: String
    }

    let actionName: String
    /// `nil` for an action the receiver ignores.
    let action: Action?
    let entries: [Entry]

    /// Reads a parsed body. - Throws: ``APIError`` 400 when it is not a webhook body.
    init(_ body: JSONValue) throws {
        guard case .object = body else {
            throw APIError(.badRequest, "malformed_payload", "a Label Studio webhook body is a JSON object, got \(body.typeDescription)")
        }
        guard let name = body["action"]?.stringValue, !name.isEmpty else {
            throw APIError(.badRequest, "malformed_payload", "the body has no \"action\" string: is this a Label Studio webhook?")
        }
        actionName = name
        action = Action(rawValue: name)
        guard action != nil else {
            entries = []
            return
        }
        var annotations: [JSONValue] = []
        for key in ["annotation", "annotations"] {
            switch body[key] {
            case .object?: annotations.append(body[key]!)
            case .array(let list)?: annotations.append(contentsOf: list)
            case nil, .null?: break
            case let other?:
                throw APIError(
                    .badRequest, "malformed_payload", "\"\(key)\" must be an annotation object or a list of them, got \(other.typeDescription)")
            }
        }
        guard !annotations.isEmpty else {
            throw APIError(
                .badRequest, "malformed_payload",
                "\(name) carries no \"annotation\": turn on \"Send payload\" in the Label Studio webhook's settings")
        }
        var tasks: [JSONValue] = []
        switch body["task"] {
        case .object?: tasks = [body["task"]!]
        case .array(let list)?: tasks = list
        default: break
        }
        var byID: [String: JSONValue] = [:]
        for task in tasks { if let id = task["id"].flatMap(Self.idText) { byID[id] = task } }
        entries = annotations.map { annotation in
            let taskID = annotation["task"].flatMap(Self.idText) ?? annotation["task"]?["id"].flatMap(Self.idText)
            // One task object and an annotation that does not name its task: that task.
            let task = taskID.flatMap { byID[$0] } ?? (taskID == nil && tasks.count == 1 ? tasks[0] : nil)
            return Entry(
                annotation: annotation, task: task, annotationLabel: annotation["id"].flatMap(Self.idText) ?? "?",
                taskLabel: taskID ?? task?["id"].flatMap(Self.idText) ?? "?")
        }
    }

    /// An id as text: an integer or a short non-empty string.
    static func idText(_ value: JSONValue) -> String? {
        switch value {
        case .number(let number) where number == number.rounded() && abs(number) < 1e15: return String(Int64(number))
        case .string(let text) where !text.isEmpty && text.count <= 64: return text
        default: return nil
        }
    }
}
