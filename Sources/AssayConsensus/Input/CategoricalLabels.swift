/// Categorical labels in columnar form: row `r` says annotator `annotators[r]` gave item `items[r]`
/// the class `labels[r]`.
///
/// All indices are dense, zero-based `Int32`s; the caller maps names to indices (the CLI maps
/// labels in sorted order). Rows are processed in the order given, so the same columns always
/// produce the same bits.
public struct CategoricalLabels: Sendable, Equatable {
    /// Annotator index per row, in `0..<annotatorCount`.
    public let annotators: [Int32]
    /// Item index per row, in `0..<itemCount`.
    public let items: [Int32]
    /// Class index per row, in `0..<classCount`.
    public let labels: [Int32]
    /// Number of annotators.
    public let annotatorCount: Int
    /// Number of items.
    public let itemCount: Int
    /// Number of classes.
    public let classCount: Int

    /// Validates and wraps parallel columns.
    /// - Throws: `ConsensusError` when the columns differ in length or an index is out of range.
    public init(
        annotators: [Int32], items: [Int32], labels: [Int32],
        annotatorCount: Int, itemCount: Int, classCount: Int
    ) throws(ConsensusError) {
        try checkLength(items.count, annotators.count, name: "items")
        try checkLength(labels.count, annotators.count, name: "labels")
        guard classCount >= 1 else { throw .invalidParameter(name: "classCount", reason: "must be at least 1") }
        try checkIndices(annotators, name: "annotators", count: annotatorCount)
        try checkIndices(items, name: "items", count: itemCount)
        try checkIndices(labels, name: "labels", count: classCount)
        self.annotators = annotators
        self.items = items
        self.labels = labels
        self.annotatorCount = annotatorCount
        self.itemCount = itemCount
        self.classCount = classCount
    }

    /// Number of label rows.
    public var count: Int { labels.count }

    /// Number of labels each item received.
    public func labelsPerItem() -> [Int32] {
        var n = [Int32](repeating: 0, count: itemCount)
        for i in items { n[Int(i)] += 1 }
        return n
    }

    /// Per-item class counts (weighted), flat `itemCount × classCount`.
    public func voteCounts(weights: [Double]? = nil) -> [Double] {
        let k = classCount
        var counts = [Double](repeating: 0, count: itemCount * k)
        counts.withUnsafeMutableBufferPointer { c in
            for r in 0..<labels.count {
                let w = weights.map { $0[Int(annotators[r])] } ?? 1
                c[Int(items[r]) * k + Int(labels[r])] += w
            }
        }
        return counts
    }
}
