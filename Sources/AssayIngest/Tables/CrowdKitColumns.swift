/// The column names of crowd-kit's long layouts (Ustalov et al., "Learning from Crowds with Crowd-Kit",
/// JOSS 2024): categorical `task,worker,label` and pairwise `worker,left,right,label`.
public struct CrowdKitColumns: Sendable, Equatable {
    /// The task column of a categorical table.
    public var task: String
    /// The worker column.
    public var worker: String
    /// The label column.
    public var label: String

    /// crowd-kit's names, or others.
    public init(task: String = "task", worker: String = "worker", label: String = "label") {
        self.task = task
        self.worker = worker
        self.label = label
    }
}
