extension ReportModel {
    /// An output file listed as a subject of the attestation.
    public struct OutputFile: Sendable, Hashable {
        /// The file's name inside the output folder.
        public var name: String
        /// Its sha256 (lowercase hex).
        public var sha256: String

        /// Creates an output file entry.
        public init(name: String, sha256: String) {
            self.name = name
            self.sha256 = sha256
        }
    }
}
