/// An in-toto Statement v1 (in-toto/attestation `spec/v1/statement.md`): what was produced (the subjects)
/// and a typed claim about how (the predicate).
///
///     {"_type": "https://in-toto.io/Statement/v1",
///      "subject": [{"name": "dataset.jsonl", "digest": {"sha256": "…"}}],
///      "predicateType": "https://assay.dev/attestation/cleaning-run/v1",
///      "predicate": {…}}
public struct Statement: Hashable, Sendable, Codable {
    /// The `_type` of every in-toto Statement v1.
    public static let type = "https://in-toto.io/Statement/v1"
    /// The DSSE `payloadType` of an in-toto statement.
    public static let payloadType = "application/vnd.in-toto+json"

    /// One attested artifact: a file name (relative to the attested directory, `/`-separated) and its digests.
    public struct Subject: Hashable, Sendable, Codable {
        /// The file's path relative to the attested directory.
        public var name: String
        /// Digests by algorithm name; Assay writes and checks `sha256` (lowercase hex).
        public var digest: [String: String]

        /// A subject with its digests.
        public init(name: String, digest: [String: String]) {
            self.name = name
            self.digest = digest
        }

        /// A subject with one SHA-256 digest.
        public init(name: String, sha256: String) {
            self.init(name: name, digest: ["sha256": sha256])
        }

        /// The SHA-256 digest, lowercase hex, when present.
        public var sha256: String? { digest["sha256"] }
    }

    /// Always ``Statement/type``.
    public var type: String
    /// The attested artifacts.
    public var subject: [Subject]
    /// A URI naming the predicate's schema.
    public var predicateType: String
    /// The claim; any JSON object.
    public var predicate: JSONValue

    /// A Statement v1 over `subject`.
    public init(subject: [Subject], predicateType: String, predicate: JSONValue) {
        self.type = Statement.type
        self.subject = subject
        self.predicateType = predicateType
        self.predicate = predicate
    }

    enum CodingKeys: String, CodingKey {
        case type = "_type"
        case subject, predicateType, predicate
    }

    /// The statement as signed: compact JSON with sorted keys, so equal statements give equal bytes.
    public func serialized() throws -> [UInt8] {
        [UInt8](try JSONValue.encoder.encode(self))
    }
}

/// The predicate types Assay writes.
public enum AssayPredicate {
    /// The record of one cleaning run (snapshot digest, rules and settings, plugin hashes, weighting, version, counts).
    public static let cleaningRunV1 = "https://assay.dev/attestation/cleaning-run/v1"
}
