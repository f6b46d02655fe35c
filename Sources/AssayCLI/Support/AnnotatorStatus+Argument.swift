import ArgumentParser
import AssayModel

/// `--status trusted|downweighted|flagged|excluded`, parsed and listed by ArgumentParser from the model's own cases.
extension AnnotatorStatus: ExpressibleByArgument {}
