extension SnapshotView {
    /// Checks that all columns line up (equal lengths, indexes in range). Returns the first problem, or nil.
    ///
    /// The host calls this before any rule runs, and the runner on every snapshot it receives, so rules can
    /// index columns without bounds worries.
    public func validate() -> String? {
        let n = ratings.count
        let lengths: [(String, Int)] = [
            ("ids", ratings.ids.count), ("item", ratings.item.count), ("kind", ratings.kind.count),
            ("submittedAtMs", ratings.submittedAtMs.count), ("durationMs", ratings.durationMs.count),
            ("batch", ratings.batch.count), ("shownOrder", ratings.shownOrder.count), ("choice", ratings.choice.count),
            ("strength", ratings.strength.count), ("ranking", ratings.ranking.count), ("scores", ratings.scores.count),
            ("scaleMin", ratings.scaleMin.count), ("scaleMax", ratings.scaleMax.count), ("attribute", ratings.attribute.count),
            ("goldChoice", ratings.goldChoice.count), ("goldRanking", ratings.goldRanking.count), ("goldScores", ratings.goldScores.count),
        ]
        for (name, count) in lengths where count != n {
            return "ratings.\(name) has \(count) rows, ratings.annotator has \(n)"
        }
        if annotators.ids.count != annotators.count {
            return "annotators.ids has \(annotators.ids.count) rows, annotators.firstSeenMs has \(annotators.count)"
        }
        guard items.responseOffsets.first == 0, items.count >= 0 else { return "items.responseOffsets must start at 0" }
        if items.ids.count != items.count || items.prompts.count != items.count {
            return "items.ids/prompts have \(items.ids.count)/\(items.prompts.count) rows, responseOffsets describe \(items.count)"
        }
        var previous: Int32 = 0
        for offset in items.responseOffsets {
            if offset < previous { return "items.responseOffsets decrease" }
            previous = offset
        }
        if Int(previous) != items.responseIDs.count || items.responseTexts.count != items.responseIDs.count {
            return "items.responseIDs/responseTexts do not match responseOffsets"
        }
        let annotatorCount = Int32(annotators.count)
        let itemCount = Int32(items.count)
        let batchCount = Int32(ratings.batchNames.count)
        let attributeCount = Int32(ratings.attributeNames.count)
        // Raw buffers: this runs on every snapshot and must stay fast in debug builds too.
        let problem: String? = ratings.annotator.withUnsafeBufferPointer { annotator in
            ratings.item.withUnsafeBufferPointer { item in
                ratings.kind.withUnsafeBufferPointer { kind in
                    ratings.batch.withUnsafeBufferPointer { batch in
                        ratings.attribute.withUnsafeBufferPointer { attribute in
                            items.responseOffsets.withUnsafeBufferPointer { responseOffsets -> String? in
                                for row in 0..<n {
                                    let a = annotator[row]
                                    let i = item[row]
                                    if a < 0 || a >= annotatorCount { return "rating \(row): annotator \(a) out of range" }
                                    if i < 0 || i >= itemCount { return "rating \(row): item \(i) out of range" }
                                    if kind[row] > 2 { return "rating \(row): unknown kind \(kind[row])" }
                                    if batch[row] < -1 || batch[row] >= batchCount { return "rating \(row): batch out of range" }
                                    if attribute[row] < -1 || attribute[row] >= attributeCount { return "rating \(row): attribute out of range" }
                                }
                                let responseCount = { (row: Int) -> Int32 in
                                    let i = Int(item[row])
                                    return responseOffsets[i + 1] - responseOffsets[i]
                                }
                                if let problem = Self.checkPositions(ratings.shownOrder, "shown order position", responseCount) { return problem }
                                if let problem = Self.checkPositions(ratings.ranking, "ranking position", responseCount) { return problem }
                                if let problem = Self.checkPositions(ratings.goldRanking, "gold ranking position", responseCount) { return problem }
                                if let problem = Self.checkScores(ratings.scores, "scored response", responseCount) { return problem }
                                if let problem = Self.checkScores(ratings.goldScores, "gold scored response", responseCount) { return problem }
                                return nil
                            }
                        }
                    }
                }
            }
        }
        if let problem { return problem }
        return nil
    }

    private static func checkPositions(_ column: Ragged<Int32>, _ what: String, _ responseCount: (Int) -> Int32) -> String? {
        column.values.withUnsafeBufferPointer { values in
            column.offsets.withUnsafeBufferPointer { offsets -> String? in
                for row in 0..<offsets.count - 1 where offsets[row] != offsets[row + 1] {
                    let limit = responseCount(row)
                    for index in Int(offsets[row])..<Int(offsets[row + 1]) where values[index] < 0 || values[index] >= limit {
                        return "rating \(row): \(what) \(values[index]) out of range"
                    }
                }
                return nil
            }
        }
    }

    private static func checkScores(_ column: Ragged<ScoreEntry>, _ what: String, _ responseCount: (Int) -> Int32) -> String? {
        column.values.withUnsafeBufferPointer { values in
            column.offsets.withUnsafeBufferPointer { offsets -> String? in
                for row in 0..<offsets.count - 1 where offsets[row] != offsets[row + 1] {
                    let limit = responseCount(row)
                    for index in Int(offsets[row])..<Int(offsets[row + 1]) where values[index].response < 0 || values[index].response >= limit {
                        return "rating \(row): \(what) \(values[index].response) out of range"
                    }
                }
                return nil
            }
        }
    }
}
