import AssayCrypto
import AssayModel
import Foundation

/// The signed record that a run's output was approved for training by two people: an in-toto Statement v1 whose one
/// subject is the run's attestation envelope (`attestation.dsse.json`, by its SHA-256), with the predicate
/// ``AssayPredicate/releaseV1``:
///
///     {"release_id": "rel-…", "run_id": "run-…", "requested_by": "alice", "requested_at": "…", "request_note": "…",
///      "approved_by": "bob", "approved_at": "…", "approval_note": "…", "baseline_release": "rel-…" | null}
///
/// The run's envelope in turn names every output file by its digest, so one chain ties the release to the bytes a
/// training job reads. ``ReleaseVerifier`` checks it offline; Docs/verify.md shows the same with `openssl`.
public enum ReleaseAttestation {
    /// What the release attestation says, besides the run envelope's digest.
    public struct Approval: Sendable, Equatable {
        public var releaseID: String
        public var runID: String
        public var requestedBy: String
        public var requestedAt: Timestamp
        public var requestNote: String
        public var approvedBy: String
        public var approvedAt: Timestamp
        public var approvalNote: String
        /// The release this one was compared with before approval, if any.
        public var baselineRelease: String?

        public init(
            releaseID: String, runID: String, requestedBy: String, requestedAt: Timestamp, requestNote: String, approvedBy: String,
            approvedAt: Timestamp, approvalNote: String, baselineRelease: String? = nil
        ) {
            self.releaseID = releaseID
            self.runID = runID
            self.requestedBy = requestedBy
            self.requestedAt = requestedAt
            self.requestNote = requestNote
            self.approvedBy = approvedBy
            self.approvedAt = approvedAt
            self.approvalNote = approvalNote
            self.baselineRelease = baselineRelease
        }

        /// The predicate.
        public var json: JSONValue {
            .object([
                ("approval_note", .string(approvalNote)), ("approved_at", .string(approvedAt.description)),
                ("approved_by", .string(approvedBy)), ("baseline_release", baselineRelease.map(JSONValue.string) ?? .null),
                ("release_id", .string(releaseID)), ("request_note", .string(requestNote)),
                ("requested_at", .string(requestedAt.description)), ("requested_by", .string(requestedBy)), ("run_id", .string(runID)),
            ])
        }

        /// Reads a predicate; throws ``AttestationError/releaseMalformed(detail:)`` naming the field.
        public init(json: JSONValue) throws(AttestationError) {
            func text(_ name: String) throws(AttestationError) -> String {
                guard let value = json[name]?.stringValue else { throw .releaseMalformed(detail: "\(name) is missing or not a string") }
                return value
            }
            func time(_ name: String) throws(AttestationError) -> Timestamp {
                guard let value = Timestamp(rfc3339: try text(name)) else { throw .releaseMalformed(detail: "\(name) is not an RFC 3339 time") }
                return value
            }
            let baseline: String?
            switch json["baseline_release"] {
            case nil, .null?: baseline = nil
            case .string(let value)?: baseline = value
            default: throw .releaseMalformed(detail: "baseline_release is not a string or null")
            }
            self.init(
                releaseID: try text("release_id"), runID: try text("run_id"), requestedBy: try text("requested_by"),
                requestedAt: try time("requested_at"), requestNote: try text("request_note"), approvedBy: try text("approved_by"),
                approvedAt: try time("approved_at"), approvalNote: try text("approval_note"), baselineRelease: baseline)
        }
    }

    /// Signs a release of the run whose envelope is `runEnvelope`, and writes the release envelope to `destination`
    /// (refusing to replace a file already there: a release attestation is written once).
    @discardableResult
    public static func sign(
        runEnvelope: URL, approval: Approval, signer: AttestationSigner, destination: URL
    ) throws -> Envelope {
        guard approval.requestedBy != approval.approvedBy else { throw AttestationError.sameRequesterAndApprover(approval.approvedBy) }
        let digest: SHA256Digest
        do {
            digest = try SHA256Digest.hash(contentsOf: runEnvelope)
        } catch {
            throw AttestationError.unreadable(name: runEnvelope.path, reason: "\(error)")
        }
        let statement = Statement(
            subject: [.init(name: AttestationSigner.envelopeFileName, sha256: digest.hex)], predicateType: AssayPredicate.releaseV1,
            predicate: approval.json)
        let envelope = try signer.sign(statement: statement)
        guard !FileManager.default.fileExists(atPath: destination.path) else {
            throw AttestationError.writeFailed(path: destination.path, reason: "a release attestation is already there")
        }
        do {
            try envelope.jsonData().write(to: destination, options: [.atomic])
        } catch {
            throw AttestationError.writeFailed(path: destination.path, reason: (error as NSError).localizedDescription)
        }
        return envelope
    }
}
