/// The version of Assay: printed by `assay --version`, recorded in every run's attestation predicate (`tool.version`)
/// and shown in its report. One constant, so the three cannot disagree.
public enum AssayVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
