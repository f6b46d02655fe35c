import AssayCrypto
import Foundation

/// What a verified release established.
public struct VerifiedRelease: Sendable {
    /// The approval the release attestation records.
    public let approval: ReleaseAttestation.Approval
    /// The run's verified attestation (its signature and every file).
    public let run: VerifiedAttestation
}

/// The gate a training job runs before it trains: a release attestation and the run output it names, checked offline.
///
/// Passes only when the release envelope's signature verifies with the key; its statement is an in-toto Statement v1
/// of ``AssayPredicate/releaseV1`` whose requester and approver differ; its one subject is `attestation.dsse.json`
/// with the SHA-256 of the run's envelope in `directory`; that envelope's signature verifies with the same key; and
/// every file of `directory` is the one the run signed, with nothing added.
public enum ReleaseVerifier {
    public static func verify(directory: URL, release releaseURL: URL, publicKey: Ed25519PublicKey) throws -> VerifiedRelease {
        let verifier = AttestationVerifier(publicKey: publicKey)
        let envelope = try verifier.readEnvelope(releaseURL)
        let statement = try verifier.verify(envelope: envelope, source: releaseURL.path)
        guard statement.predicateType == AssayPredicate.releaseV1 else {
            throw AttestationError.releaseMalformed(detail: "predicateType is '\(statement.predicateType)', expected '\(AssayPredicate.releaseV1)'")
        }
        let approval = try ReleaseAttestation.Approval(json: statement.predicate)
        guard approval.requestedBy != approval.approvedBy else { throw AttestationError.sameRequesterAndApprover(approval.approvedBy) }
        guard statement.subject.count == 1, let subject = statement.subject.first, subject.name == AttestationSigner.envelopeFileName,
            let expected = subject.sha256
        else {
            throw AttestationError.releaseMalformed(detail: "the one subject must be \(AttestationSigner.envelopeFileName) with its sha256")
        }
        let runEnvelope = directory.appendingPathComponent(AttestationSigner.envelopeFileName)
        let actual: String
        do {
            actual = try SHA256Digest.hash(contentsOf: runEnvelope).hex
        } catch {
            throw AttestationError.envelopeMissing(path: runEnvelope.path)
        }
        guard actual == expected else { throw AttestationError.releaseNamesAnotherRun(expected: expected, actual: actual) }
        let run = try verifier.verify(directory: directory)
        return VerifiedRelease(approval: approval, run: run)
    }
}
