import ArgumentParser
import AssayIngest

/// `--format` of `assay ingest`: the ingest layer's file formats.
typealias IngestFormat = RatingFileFormat

extension RatingFileFormat: ExpressibleByArgument {}
