import AssayModel

extension SimulationTruth {
    /// The reference answers as JSON Lines (`assay simulate --reference-out FILE`, read by
    /// `assay evaluate --reference`): one object per pairwise item, `{"item_id": "…", "answer": "<response id>"}`,
    /// the answer being the truly better response. The simulator's qualities are continuous, so no item's truth is
    /// a tie and the answer is never `"tie"`.
    public func referenceLines() -> [UInt8] {
        var bytes: [UInt8] = []
        for item in pairwiseItems {
            JSONWriter.append(.object([("item_id", .string(item.itemID)), ("answer", .string(item.betterResponseID))]), to: &bytes)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }
}
