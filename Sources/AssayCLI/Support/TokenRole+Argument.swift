import ArgumentParser
import AssayStore

/// `--role ingest|reviewer|admin`, parsed and listed by ArgumentParser from the store's own cases.
extension TokenRole: ExpressibleByArgument {}
