import AssayPluginAPI

extension WireWriter {
    mutating func write(_ column: StringColumn) {
        write(array: column.utf8)
        write(array: column.offsets)
    }

    mutating func write<T>(_ column: Ragged<T>) {
        write(array: column.values)
        write(array: column.offsets)
    }

    mutating func write(_ snapshot: SnapshotView) {
        write(snapshot.annotators.ids)
        write(array: snapshot.annotators.firstSeenMs)
        let items = snapshot.items
        write(items.ids)
        write(items.prompts)
        write(array: items.responseOffsets)
        write(items.responseIDs)
        write(items.responseTexts)
        let r = snapshot.ratings
        write(r.ids)
        write(array: r.annotator)
        write(array: r.item)
        write(array: r.kind)
        write(array: r.submittedAtMs)
        write(array: r.durationMs)
        write(array: r.batch)
        write(r.batchNames)
        write(r.shownOrder)
        write(array: r.choice)
        write(array: r.strength)
        write(r.ranking)
        write(r.scores)
        write(array: r.scaleMin)
        write(array: r.scaleMax)
        write(array: r.attribute)
        write(r.attributeNames)
        write(array: r.goldChoice)
        write(r.goldRanking)
        write(r.goldScores)
    }

    mutating func write(_ consensus: ConsensusView) {
        write(consensus.method)
        write(array: consensus.pairwisePosterior)
        write(array: consensus.responseScores)
        write(array: consensus.reliability)
        write(array: consensus.weight)
        let table = consensus.agreement
        write(array: table.a)
        write(array: table.b)
        write(array: table.coRated)
        write(array: table.observedAgreement)
        write(array: table.expectedAgreement)
    }
}

extension WireReader {
    mutating func readStringColumn() throws(WireError) -> StringColumn {
        let utf8: [UInt8] = try readArray()
        let offsets: [Int] = try readArray()
        guard let column = StringColumn(utf8: utf8, offsets: offsets) else { throw WireError.malformed("bad string column offsets") }
        return column
    }

    mutating func readRagged<T>(_: T.Type = T.self) throws(WireError) -> Ragged<T> {
        let values: [T] = try readArray()
        let offsets: [Int32] = try readArray()
        guard let column = Ragged(values: values, offsets: offsets) else { throw WireError.malformed("bad ragged column offsets") }
        return column
    }

    mutating func readSnapshot() throws(WireError) -> SnapshotView {
        let annotators = AnnotatorTable(ids: try readStringColumn(), firstSeenMs: try readArray())
        let items = ItemTable(
            ids: try readStringColumn(), prompts: try readStringColumn(), responseOffsets: try readArray(),
            responseIDs: try readStringColumn(), responseTexts: try readStringColumn()
        )
        let ratings = RatingTable(
            ids: try readStringColumn(), annotator: try readArray(), item: try readArray(), kind: try readArray(),
            submittedAtMs: try readArray(), durationMs: try readArray(), batch: try readArray(), batchNames: try readStringColumn(),
            shownOrder: try readRagged(), choice: try readArray(), strength: try readArray(), ranking: try readRagged(),
            scores: try readRagged(), scaleMin: try readArray(), scaleMax: try readArray(), attribute: try readArray(),
            attributeNames: try readStringColumn(), goldChoice: try readArray(), goldRanking: try readRagged(), goldScores: try readRagged()
        )
        return SnapshotView(annotators: annotators, items: items, ratings: ratings)
    }

    mutating func readConsensus() throws(WireError) -> ConsensusView {
        let method = try readString()
        let posterior: [Double] = try readArray()
        let responseScores: [Double] = try readArray()
        let reliability: [Double] = try readArray()
        let weight: [Double] = try readArray()
        let table = AgreementTable(
            a: try readArray(), b: try readArray(), coRated: try readArray(),
            observedAgreement: try readArray(), expectedAgreement: try readArray()
        )
        let lengths = [table.b.count, table.coRated.count, table.observedAgreement.count, table.expectedAgreement.count]
        guard lengths.allSatisfy({ $0 == table.count }) else { throw WireError.malformed("agreement table columns differ in length") }
        return ConsensusView(
            method: method, pairwisePosterior: posterior, responseScores: responseScores,
            reliability: reliability, weight: weight, agreement: table
        )
    }
}
