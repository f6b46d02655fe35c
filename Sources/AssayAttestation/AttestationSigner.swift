import AssayCrypto
import AssayModel
import Foundation

/// Signs attestations: an in-toto Statement v1 about a directory's files, in a DSSE envelope, with Ed25519.
///
///     let signer = AttestationSigner(privateKey: try Ed25519PrivateKey(contentsOf: keyURL))
///     try signer.sign(directory: outputURL, predicate: .object([("run", .string(runID))]))   // writes attestation.dsse.json
public struct AttestationSigner: Sendable {
    /// The envelope's file name inside an attested directory.
    public static let envelopeFileName = "attestation.dsse.json"

    /// The signing key.
    public let privateKey: Ed25519PrivateKey

    /// A signer using `privateKey`.
    public init(privateKey: Ed25519PrivateKey) {
        self.privateKey = privateKey
    }

    /// Signs any payload: the signature covers the DSSE PAE of `payloadType` and `payload`.
    public func sign(payload: [UInt8], payloadType: String) throws -> Envelope {
        let pae = PAE.encode(payloadType: payloadType, payload: payload)
        let signature = try privateKey.signature(for: pae)
        return Envelope(
            payload: payload,
            payloadType: payloadType,
            signatures: [.init(keyID: privateKey.publicKey.keyID, sig: signature)]
        )
    }

    /// Signs a statement as `application/vnd.in-toto+json`.
    public func sign(statement: Statement) throws -> Envelope {
        guard case .object = statement.predicate else {
            throw AttestationError.encodingFailed(detail: "the predicate must be a JSON object")
        }
        return try sign(payload: statement.serialized(), payloadType: Statement.payloadType)
    }

    /// Hashes every regular file under `directory` (recursively, streamed), signs a statement listing
    /// them with `predicate`, and writes the envelope to `directory/attestation.dsse.json`.
    /// - Parameters:
    ///   - directory: the folder whose files are attested.
    ///   - predicateType: the predicate's schema URI.
    ///   - predicate: the claim, a JSON object.
    ///   - excluding: relative names left out of the subjects; the envelope's own name always is.
    /// - Returns: the envelope as written.
    @discardableResult
    public func sign(
        directory: URL,
        predicateType: String = AssayPredicate.cleaningRunV1,
        predicate: JSONValue,
        excluding: Set<String> = [AttestationSigner.envelopeFileName]
    ) throws -> Envelope {
        let excluded = excluding.union([AttestationSigner.envelopeFileName])
        let subjects = try DirectoryListing.subjects(in: directory, excluding: excluded)
        let statement = Statement(subject: subjects, predicateType: predicateType, predicate: predicate)
        let envelope = try sign(statement: statement)
        let url = directory.appendingPathComponent(AttestationSigner.envelopeFileName)
        do {
            try envelope.jsonData().write(to: url, options: .atomic)
        } catch {
            throw AttestationError.writeFailed(path: url.path, reason: (error as NSError).localizedDescription)
        }
        return envelope
    }
}
