import AssayModel

/// Converts binary categorical crowd labels with a known answer into contract-v1 pairwise ratings and a reference
/// (Docs/evaluation.md), so the whole cleaning pipeline runs on real workers.
///
/// Layouts:
/// - `zheng2017`: the benchmark of Zheng et al., VLDB 2017 (zhydhkcws/crowd_truth_infer): `answer.csv` with the
///   columns `question,worker,answer` and `truth.csv` with `question,truth`.
/// - `snow2008`: Snow et al., EMNLP 2008 (standardized TSV via edwinrobots/bayesian_combination_tutorial2): tab-separated,
///   columns `!amt_annotation_ids`, `!amt_worker_ids`, `orig_id`, `response`, `gold` (the gold label repeated on every row
///   of its item; no truth file).
///
/// Mapping: each question becomes the pairwise item `<prefix>-<question>` whose two responses are the two labels (ids
/// the label values, in numeric order when both are integers, texts `label <value>`), the prompt names the item, the
/// worker is the annotator `<prefix>-w<worker>`, the worker's label is the `choice`, `shown_order` is the canonical
/// order, and the rating id is `<prefix>-<data row>`. The source has no times: `submitted_at` is synthetic (a fixed day
/// plus one second per row in file order) and `meta.synthetic_time` says so; there is no `duration_ms`. The truth
/// becomes the reference, one `{"item_id", "answer"}` line per question with a known answer.
///
/// Only sets with exactly two labels fit the pairwise contract: a set with more (Dog, WSD) is refused with a message
/// saying so.
public enum CrowdImporter {
    /// The layout of the source files.
    public enum Format: String, Sendable, CaseIterable {
        case zheng2017
        case snow2008
    }

    /// What a conversion wrote.
    public struct Summary: Sendable, Equatable {
        public var ratings = 0
        public var items = 0
        public var annotators = 0
        /// The two labels, in response order.
        public var labels: [String] = []
        public var referenceItems = 0

        public init(ratings: Int = 0, items: Int = 0, annotators: Int = 0, labels: [String] = [], referenceItems: Int = 0) {
            self.ratings = ratings
            self.items = items
            self.annotators = annotators
            self.labels = labels
            self.referenceItems = referenceItems
        }
    }

    /// The first synthetic submission time (2020-01-01T00:00:00Z).
    static let syntheticStart: Int64 = 1_577_836_800_000

    private struct Row {
        let line: Int
        let question: String
        let worker: String
        let answer: String
        let annotationID: String?
    }

    /// Converts `answers` (and `truth`, for `zheng2017`), streaming the ratings to `emit` and the reference to
    /// `emitReference`.
    /// - Throws: `LLMFAOImporter.Failure.malformed` naming the file, line and reason.
    @discardableResult
    public static func convert(
        format: Format, answers: String, truth: String? = nil, prefix: String, emit: ([UInt8]) throws -> Void,
        emitReference: (([UInt8]) throws -> Void)? = nil
    ) throws -> Summary {
        let rows: [Row]
        var gold: [(question: String, label: String)] = []
        switch format {
        case .zheng2017:
            rows = try zhengAnswers(answers)
            if let truth { gold = try zhengTruth(truth) }
            if emitReference != nil, truth == nil {
                throw LLMFAOImporter.Failure.malformed(file: answers, line: 1, reason: "zheng2017 keeps the truth in truth.csv: give --truth")
            }
        case .snow2008:
            if let truth {
                throw LLMFAOImporter.Failure.malformed(
                    file: truth, line: 1, reason: "snow2008 keeps the gold label in the answers file; no truth file")
            }
            (rows, gold) = try snowAnswers(answers)
        }
        var labelSet = Set(rows.map(\.answer))
        labelSet.formUnion(gold.map(\.label))
        let labels = labelSet.sorted { a, b in
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        guard labels.count == 2 else {
            let list = labels.prefix(6).joined(separator: ", ")
            throw LLMFAOImporter.Failure.malformed(
                file: answers, line: 1,
                reason: labels.count > 2
                    ? "\(labels.count) labels (\(list)\(labels.count > 6 ? ", …" : "")): a multi-class set does not fit the pairwise contract (two responses per item)"
                    : "only one label (\(list)): a pairwise item needs two")
        }
        if labels.contains("tie") {
            throw LLMFAOImporter.Failure.malformed(file: answers, line: 1, reason: "a label named tie would read as a pairwise tie")
        }

        var summary = Summary(labels: labels)
        var introduced: Set<String> = []
        var annotators: Set<String> = []
        var out: [UInt8] = []
        let source = "\(format.rawValue) \(answers.split(separator: "/").last.map(String.init) ?? answers)"
        for (index, row) in rows.enumerated() {
            var members: [(key: String, value: JSONValue)] = [
                ("rating_id", .string("\(prefix)-\(index + 1)")),
                ("annotator_id", .string("\(prefix)-w\(row.worker)")),
                ("item_id", .string("\(prefix)-\(row.question)")),
                ("kind", .string("pairwise")),
            ]
            if introduced.insert(row.question).inserted {
                members.append(("prompt", .string("Which label is correct for \(prefix) item \(row.question)?")))
                members.append(
                    ("responses", .array(labels.map { .object([("id", .string($0)), ("text", .string("label \($0)"))]) })))
            }
            members.append(("shown_order", .array(labels.map { .string($0) })))
            members.append(("choice", .string(row.answer)))
            members.append(
                ("submitted_at", .string(Timestamp(millisecondsSinceEpoch: syntheticStart + Int64(index) * 1000).description)))
            var meta: [(key: String, value: JSONValue)] = [("source", .string(source)), ("row", .number(Double(row.line - 1)))]
            if let annotation = row.annotationID { meta.append(("amt_annotation_id", .string(annotation))) }
            meta.append(("synthetic_time", .bool(true)))
            members.append(("meta", .object(meta)))
            out.removeAll(keepingCapacity: true)
            JSONWriter.append(.object(members), to: &out)
            out.append(UInt8(ascii: "\n"))
            try emit(out)
            annotators.insert(row.worker)
        }
        summary.ratings = rows.count
        summary.items = introduced.count
        summary.annotators = annotators.count
        if let emitReference {
            for entry in gold {
                out.removeAll(keepingCapacity: true)
                JSONWriter.append(.object([("item_id", .string("\(prefix)-\(entry.question)")), ("answer", .string(entry.label))]), to: &out)
                out.append(UInt8(ascii: "\n"))
                try emitReference(out)
            }
            summary.referenceItems = gold.count
        }
        return summary
    }

    /// Column positions of `required` in a header, or a failure naming the missing column.
    private static func columns(_ header: [String], _ required: [String], file: String) throws -> [Int] {
        try required.map { name in
            guard let index = header.firstIndex(of: name) else {
                throw LLMFAOImporter.Failure.malformed(
                    file: file, line: 1, reason: "no column \(name) in the header (expected \(required.joined(separator: ", ")))")
            }
            return index
        }
    }

    /// The records of a CSV file after its header, as field arrays with their line numbers.
    private static func csvRecords(_ path: String, required: [String]) throws -> [(line: Int, fields: [String])] {
        var reader = CSVRecordReader(stream: try ByteStream(path: path))
        guard case .success(let header)? = try reader.next() else {
            throw LLMFAOImporter.Failure.malformed(file: path, line: 1, reason: "missing header")
        }
        let positions = try columns(header.fields.map { $0.trimmingSpaces() }, required, file: path)
        var records: [(line: Int, fields: [String])] = []
        while let result = try reader.next() {
            switch result {
            case .failure(let malformed): throw LLMFAOImporter.Failure.malformed(file: path, line: malformed.line, reason: malformed.reason)
            case .success(let record):
                if record.fields.isEmpty || record.fields == [""] { continue }
                var picked: [String] = []
                for (position, name) in zip(positions, required) {
                    guard position < record.fields.count, !record.fields[position].trimmingSpaces().isEmpty else {
                        throw LLMFAOImporter.Failure.malformed(file: path, line: record.line, reason: "field \(name): missing")
                    }
                    picked.append(record.fields[position].trimmingSpaces())
                }
                records.append((record.line, picked))
            }
        }
        return records
    }

    private static func zhengAnswers(_ path: String) throws -> [Row] {
        try csvRecords(path, required: ["question", "worker", "answer"]).map { record in
            Row(line: record.line, question: record.fields[0], worker: record.fields[1], answer: record.fields[2], annotationID: nil)
        }
    }

    private static func zhengTruth(_ path: String) throws -> [(question: String, label: String)] {
        var seen: [String: String] = [:]
        var gold: [(question: String, label: String)] = []
        for record in try csvRecords(path, required: ["question", "truth"]) {
            if let earlier = seen[record.fields[0]] {
                guard earlier == record.fields[1] else {
                    throw LLMFAOImporter.Failure.malformed(
                        file: path, line: record.line, reason: "field truth: question \(record.fields[0]) already has the truth \(earlier)")
                }
                continue
            }
            seen[record.fields[0]] = record.fields[1]
            gold.append((record.fields[0], record.fields[1]))
        }
        return gold
    }

    private static func snowAnswers(_ path: String) throws -> ([Row], [(question: String, label: String)]) {
        var lines = LineReader(stream: try ByteStream(path: path))
        guard let first = try lines.next() else { throw LLMFAOImporter.Failure.malformed(file: path, line: 1, reason: "missing header") }
        let required = ["!amt_annotation_ids", "!amt_worker_ids", "orig_id", "response", "gold"]
        let positions = try columns(Self.tabFields(first.content), required, file: path)
        var rows: [Row] = []
        var seen: [String: String] = [:]
        var gold: [(question: String, label: String)] = []
        while let line = try lines.next() {
            let fields = Self.tabFields(line.content)
            if fields.allSatisfy(\.isEmpty) { continue }
            var picked: [String] = []
            for (position, name) in zip(positions, required) {
                guard position < fields.count, !fields[position].isEmpty else {
                    throw LLMFAOImporter.Failure.malformed(file: path, line: line.number, reason: "field \(name): missing")
                }
                picked.append(fields[position])
            }
            let (question, label) = (picked[2], picked[4])
            if let earlier = seen[question] {
                guard earlier == label else {
                    throw LLMFAOImporter.Failure.malformed(
                        file: path, line: line.number, reason: "field gold: item \(question) had the gold label \(earlier), here \(label)")
                }
            } else {
                seen[question] = label
                gold.append((question, label))
            }
            rows.append(Row(line: line.number, question: question, worker: picked[1], answer: picked[3], annotationID: picked[0]))
        }
        return (rows, gold)
    }

    private static func tabFields(_ bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self).trimmingSpaces()
        }
    }
}
