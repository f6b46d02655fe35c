/// How a Label Studio export maps onto contract v1: where each task's data keeps the prompt and the responses, how
/// `<Choices>` values read as a pairwise choice, and the scale of `<Rating>` stars.
///
/// The labeling config is not parsed: the field names are given here (with defaults that fit the usual preference
/// templates), so the same export always converts the same way.
public struct LabelStudioOptions: Sendable, Equatable {
    /// Prefix of rating, item and annotator ids (`ls` gives `ls-<project>-<task>-<annotation>`).
    public var prefix: String
    /// The task data field with the prompt text (`$prompt` in the config).
    public var promptField: String
    /// The task data fields with the responses, in canonical order (left first for `<Pairwise toName="a,b">`).
    /// `nil`: the first of ``defaultResponseFields`` whose fields are all strings in the task's data.
    public var responseFields: [String]?
    /// The task data field with the `<List>` items a `<Ranker>` orders (`[{"id", "title", "body"}]`).
    public var listField: String
    /// The `<Choices>` values that mean the first response, the second, and (optionally) a tie; compared without case.
    public var choiceLabels: [String]
    /// The `<Rating>` scale (`[1, maxRating]`; Label Studio's default `maxRating` is 5).
    public var ratingScale: [Double]
    /// The project id when the export carries none (exports from Label Studio 1.x carry it on every task).
    public var project: String?

    /// The response field pairs tried, in order, when ``responseFields`` is `nil`.
    public static let defaultResponseFields: [[String]] = [
        ["a", "b"], ["text1", "text2"], ["answer1", "answer2"], ["response_a", "response_b"], ["response1", "response2"],
        ["left", "right"],
    ]

    public init(
        prefix: String = "ls", promptField: String = "prompt", responseFields: [String]? = nil, listField: String = "items",
        choiceLabels: [String] = ["A", "B", "Tie"], ratingScale: [Double] = [1, 5], project: String? = nil
    ) {
        self.prefix = prefix
        self.promptField = promptField
        self.responseFields = responseFields
        self.listField = listField
        self.choiceLabels = choiceLabels
        self.ratingScale = ratingScale
        self.project = project
    }
}
