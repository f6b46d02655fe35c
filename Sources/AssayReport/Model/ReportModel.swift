import Foundation

/// Everything a cleaning run's report shows: filled by the run, rendered by ``MarkdownReport`` and ``HTMLReport``.
///
/// A plain value with no behaviour. The renderers sort what they show (annotators by status then id,
/// rules by id, files by name), so the same model always gives the same bytes whatever order the run
/// filled it in. Every string is treated as untrusted: the HTML renderer escapes it, the Markdown
/// renderer neutralises Markdown and HTML syntax.
public struct ReportModel: Sendable, Hashable {
    /// How the run was made: ids, times, tool, input and snapshot.
    public var run: Run
    /// Summary counts.
    public var counts: Counts
    /// The weight of every annotator seen in the snapshot, each in [0, 1] (drawn as a histogram).
    public var weights: [Double]
    /// Every flagged or excluded annotator, with their findings (downweighted annotators may be added too).
    public var annotators: [Annotator]
    /// The rules that ran, with their settings and outcome.
    public var rules: [Rule]
    /// The output files listed in the attestation, with their sha256.
    public var files: [OutputFile]
    /// The key id (sha256 of the raw Ed25519 public key, lowercase hex) that signed `attestation.dsse.json`.
    public var signerKeyID: String

    /// Creates a report model.
    public init(
        run: Run, counts: Counts, weights: [Double], annotators: [Annotator], rules: [Rule], files: [OutputFile],
        signerKeyID: String
    ) {
        self.run = run
        self.counts = counts
        self.weights = weights
        self.annotators = annotators
        self.rules = rules
        self.files = files
        self.signerKeyID = signerKeyID
    }
}
