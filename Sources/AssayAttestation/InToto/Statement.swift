import AssayModel

/// An in-toto Statement v1 (in-toto/attestation `spec/v1/statement.md`): what was produced (the subjects)
/// and a typed claim about how (the predicate).
///
///     {"_type": "https://in-toto.io/Statement/v1",
///      "subject": [{"name": "dataset.jsonl", "digest": {"sha256": "…"}}],
///      "predicateType": "https://assay.dev/attestation/cleaning-run/v1",
///      "predicate": {…}}
///
/// The predicate is Assay's one JSON value type (`AssayModel.JSONValue`); the statement is written with
/// ``AssayModel/CanonicalJSON`` (keys sorted by UTF-16 code units, compact, numbers in shortest form), the
/// same writer as every other byte-reproducible output.
public struct Statement: Equatable, Sendable {
    /// The `_type` of every in-toto Statement v1.
    public static let type = "https://in-toto.io/Statement/v1"
    /// The DSSE `payloadType` of an in-toto statement.
    public static let payloadType = "application/vnd.in-toto+json"

    /// One attested artifact: a file name (relative to the attested directory, `/`-separated) and its digests.
    public struct Subject: Hashable, Sendable {
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

    /// The statement as a JSON object.
    public var json: JSONValue {
        .object([
            ("_type", .string(type)),
            ("predicate", predicate),
            ("predicateType", .string(predicateType)),
            (
                "subject",
                .array(
                    subject.map { subject in
                        .object([
                            ("digest", .object(subject.digest.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                            ("name", .string(subject.name)),
                        ])
                    })
            ),
        ])
    }

    /// The statement as signed: canonical JSON, so equal statements give equal bytes.
    public func serialized() -> [UInt8] {
        var out: [UInt8] = []
        CanonicalJSON.append(json, to: &out)
        return out
    }

    /// Reads a statement from its JSON; throws ``AttestationError/statementMalformed(detail:)`` naming the field.
    public init(json: JSONValue) throws(AttestationError) {
        func malformed(_ detail: String) -> AttestationError { .statementMalformed(detail: detail) }
        guard case .object = json else { throw malformed("the payload is not a Statement JSON object") }
        guard let type = json["_type"]?.stringValue else { throw malformed("_type is missing or not a string") }
        guard let predicateType = json["predicateType"]?.stringValue else {
            throw malformed("predicateType is missing or not a string")
        }
        guard let predicate = json["predicate"] else { throw malformed("predicate is missing") }
        guard case .array(let elements) = json["subject"] else { throw malformed("subject is missing or not an array") }
        var subjects: [Subject] = []
        for (index, element) in elements.enumerated() {
            guard let name = element["name"]?.stringValue else { throw malformed("subject[\(index)].name is missing or not a string") }
            guard case .object(let members) = element["digest"] else {
                throw malformed("subject[\(index)].digest is missing or not an object")
            }
            var digest: [String: String] = [:]
            for member in members {
                guard let value = member.value.stringValue else {
                    throw malformed("subject[\(index)].digest.\(member.key) is not a string")
                }
                digest[member.key] = value
            }
            subjects.append(Subject(name: name, digest: digest))
        }
        self.type = type
        self.subject = subjects
        self.predicateType = predicateType
        self.predicate = predicate
    }
}

/// The predicate types Assay writes.
public enum AssayPredicate {
    /// The record of one cleaning run (snapshot digest, rules and settings, plugin hashes, weighting, version, counts).
    public static let cleaningRunV1 = "https://assay.dev/attestation/cleaning-run/v1"
    /// The approval of a run's output for training: names the run's attestation, the requester and the approver
    /// (``ReleaseAttestation``).
    public static let releaseV1 = "https://assay.dev/attestation/release/v1"
}
