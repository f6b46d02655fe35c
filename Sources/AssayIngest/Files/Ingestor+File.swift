import AssayModel
import AssayStore

extension Ingestor {
    /// Ingests one ratings file in its format: the one file-ingest path of `assay ingest`, `assay clean --input` and
    /// `assay demo`.
    ///
    /// A Label Studio export is converted in memory with the default field names (`LabelStudioImporter`) and its
    /// account of every annotation handed to `onImport` before the converted ratings are ingested as one source.
    /// - Parameters:
    ///   - file: the path (`-`: standard input).
    ///   - format: the file's format; `nil` infers it from the name (``RatingFileFormat/inferred(from:)``).
    public func ingest(
        file: String, format: RatingFileFormat? = nil, options: IngestOptions, onProblem: (RatingError) -> Void = { _ in },
        onProgress: (IngestCounts) -> Void = { _ in }, onImport: (LabelStudioSummary) -> Void = { _ in }
    ) throws -> IngestResult {
        let origin = file == ByteStream.standardInputPath ? "stdin" : file
        switch format ?? RatingFileFormat.inferred(from: file) {
        case .csv:
            let source = try PairwiseCSVSource(stream: try ByteStream(path: file), origin: origin)
            return try ingest(source, options: options, onProblem: onProblem, onProgress: onProgress)
        case .labelStudio:
            var ratings: [UInt8] = []
            onImport(try LabelStudioImporter.convert(export: file, emit: { ratings.append(contentsOf: $0) }))
            let source = JSONLinesSource(stream: ByteStream(bytes: ratings), origin: origin)
            return try ingest(source, options: options, onProblem: onProblem, onProgress: onProgress)
        case .jsonl:
            let source = JSONLinesSource(stream: try ByteStream(path: file), origin: origin)
            return try ingest(source, options: options, onProblem: onProblem, onProgress: onProgress)
        }
    }
}
