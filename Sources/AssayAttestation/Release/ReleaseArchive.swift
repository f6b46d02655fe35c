import AssayCrypto
import AssayModel
import Foundation

/// Where approved releases are frozen: a content-addressed folder per run output that the service never rewrites,
/// and a signed release attestation per release.
///
///     <root>/objects/sha256-<digest of the run's attestation.dsse.json>/   the run's signed files, read-only
///     <root>/<release id>.dsse.json                                      the release attestation (ReleaseAttestation)
///
/// Freezing verifies the run's output with the signing key first and the copy again before it is moved into place
/// (a file changed in between is caught), so a frozen folder always holds what the run signed. Two releases of one
/// run share its folder. A training job checks a release with `assay verify FOLDER --release <id>.dsse.json
/// --public-key KEY` (``ReleaseVerifier``).
public struct ReleaseArchive: Sendable {
    /// A release frozen in the archive.
    public struct FrozenRelease: Sendable {
        /// The read-only folder with the run's signed files.
        public let folder: URL
        /// The release attestation.
        public let attestation: URL
        /// The SHA-256 of the run's attestation envelope (the folder's address).
        public let runEnvelopeDigest: String
    }

    /// The archive's folder.
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The release attestation of `releaseID` (it may not exist).
    public func attestationURL(releaseID: String) -> URL {
        root.appendingPathComponent("\(releaseID).dsse.json")
    }

    /// The frozen folder of a run whose envelope has `digest`.
    public func folder(runEnvelopeDigest digest: String) -> URL {
        root.appendingPathComponent("objects").appendingPathComponent("sha256-\(digest)")
    }

    /// Freezes the signed output in `runOutput` and signs the release (``freezeRun(output:signingKey:)``, then
    /// ``signRelease(_:runEnvelopeDigest:signingKey:)``).
    public func freeze(runOutput: URL, approval: ReleaseAttestation.Approval, signingKey: Ed25519PrivateKey) throws -> FrozenRelease {
        guard approval.requestedBy != approval.approvedBy else { throw AttestationError.sameRequesterAndApprover(approval.approvedBy) }
        let digest = try freezeRun(output: runOutput, signingKey: signingKey)
        return try signRelease(approval, runEnvelopeDigest: digest, signingKey: signingKey)
    }

    /// Copies the signed output in `runOutput` into its read-only content-addressed folder (once: a run frozen
    /// before is checked, not copied again); returns the SHA-256 of its attestation envelope. Throws when the output
    /// does not verify with `signingKey`'s public key.
    @discardableResult
    public func freezeRun(output runOutput: URL, signingKey: Ed25519PrivateKey) throws -> String {
        let publicKey = signingKey.publicKey
        let verified = try AttestationVerifier.verify(directory: runOutput, publicKey: publicKey)
        let digest = try SHA256Digest.hash(contentsOf: runOutput.appendingPathComponent(AttestationSigner.envelopeFileName)).hex
        let target = folder(runEnvelopeDigest: digest)
        let files = FileManager.default
        if files.fileExists(atPath: target.path) {
            _ = try AttestationVerifier.verify(directory: target, publicKey: publicKey)
            return digest
        }
        let objects = target.deletingLastPathComponent()
        try files.createDirectory(at: objects, withIntermediateDirectories: true)
        let incoming = objects.appendingPathComponent(".incoming-\(UUID().uuidString)")
        defer { try? files.removeItem(at: incoming) }
        for name in verified.files + [AttestationSigner.envelopeFileName] {
            let destination = incoming.appendingPathComponent(name)
            try files.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            try files.copyItem(at: runOutput.appendingPathComponent(name), to: destination)
        }
        _ = try AttestationVerifier.verify(directory: incoming, publicKey: publicKey)
        try Self.makeReadOnly(incoming)
        do {
            try files.moveItem(at: incoming, to: target)
        } catch  where files.fileExists(atPath: target.path) {
            // Another node froze the same run first: theirs is the same bytes (checked).
            _ = try AttestationVerifier.verify(directory: target, publicKey: publicKey)
        }
        return digest
    }

    /// Signs the release attestation of a frozen run, once; throws when one was written before.
    public func signRelease(
        _ approval: ReleaseAttestation.Approval, runEnvelopeDigest digest: String, signingKey: Ed25519PrivateKey
    ) throws -> FrozenRelease {
        let target = folder(runEnvelopeDigest: digest)
        let attestation = attestationURL(releaseID: approval.releaseID)
        try ReleaseAttestation.sign(
            runEnvelope: target.appendingPathComponent(AttestationSigner.envelopeFileName), approval: approval,
            signer: AttestationSigner(privateKey: signingKey), destination: attestation)
        return FrozenRelease(folder: target, attestation: attestation, runEnvelopeDigest: digest)
    }

    /// The frozen release `releaseID`, found through its attestation's subject; nil when it was never frozen.
    public func frozen(releaseID: String) throws -> FrozenRelease? {
        let attestation = attestationURL(releaseID: releaseID)
        guard let data = FileManager.default.contents(atPath: attestation.path) else { return nil }
        let envelope = try Envelope(jsonData: data)
        let statement = try Statement(json: try JSONParser.parse(envelope.payload))
        guard let digest = statement.subject.first?.sha256 else {
            throw AttestationError.releaseMalformed(detail: "\(attestation.path) names no run attestation")
        }
        return FrozenRelease(folder: folder(runEnvelopeDigest: digest), attestation: attestation, runEnvelopeDigest: digest)
    }

    /// Files 0444 and folders 0555, depth first.
    private static func makeReadOnly(_ folder: URL) throws {
        let files = FileManager.default
        for name in try files.contentsOfDirectory(atPath: folder.path) {
            let url = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = files.fileExists(atPath: url.path, isDirectory: &isDirectory)
            if isDirectory.boolValue { try makeReadOnly(url) } else { try files.setAttributes([.posixPermissions: 0o444], ofItemAtPath: url.path) }
        }
        try files.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
    }
}
