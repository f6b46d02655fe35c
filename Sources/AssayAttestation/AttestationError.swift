/// Why signing or verifying an attestation failed; each case names the file or the signature at fault.
public enum AttestationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The envelope file is not in the directory.
    case envelopeMissing(path: String)
    /// The envelope file could not be read.
    case envelopeUnreadable(path: String, reason: String)
    /// The envelope is not a DSSE JSON envelope.
    case envelopeMalformed(path: String, detail: String)
    /// The envelope's `payloadType` is not the expected one.
    case unsupportedPayloadType(found: String, expected: String)
    /// The envelope carries no signature.
    case noSignatures(path: String)
    /// No signature in the envelope verifies with the given public key over the DSSE PAE.
    case signatureInvalid(path: String, keyID: String, signatureKeyIDs: [String])
    /// The signed payload is not an in-toto Statement v1 (or is not one Assay can check).
    case statementMalformed(detail: String)
    /// A file listed as a subject is missing from the directory.
    case missingFile(name: String)
    /// A file's SHA-256 differs from the one the attestation records.
    case digestMismatch(name: String, expected: String, actual: String)
    /// A file is in the directory but not listed as a subject.
    case unlistedFile(name: String)
    /// An entry that is neither a regular file nor a folder (a symbolic link, a device, …).
    case unsupportedFileType(name: String, kind: String)
    /// A file or folder could not be read.
    case unreadable(name: String, reason: String)
    /// The attestation could not be encoded.
    case encodingFailed(detail: String)
    /// The envelope could not be written.
    case writeFailed(path: String, reason: String)
    /// A release attestation's predicate or subject is unusable.
    case releaseMalformed(detail: String)
    /// The release names one person as both requester and approver (two-person rule).
    case sameRequesterAndApprover(String)
    /// The release was signed over another run's attestation than the one in the directory.
    case releaseNamesAnotherRun(expected: String, actual: String)

    public var description: String {
        switch self {
        case .envelopeMissing(let path):
            return "\(path): no attestation found (the envelope file is missing)"
        case .envelopeUnreadable(let path, let reason):
            return "\(path): cannot read the attestation (\(reason))"
        case .envelopeMalformed(let path, let detail):
            return "\(path): not a DSSE envelope (\(detail))"
        case .unsupportedPayloadType(let found, let expected):
            return "the envelope's payloadType is '\(found)'; expected '\(expected)'"
        case .noSignatures(let path):
            return "\(path): the envelope carries no signature"
        case .signatureInvalid(let path, let keyID, let signatureKeyIDs):
            let ids = signatureKeyIDs.isEmpty ? "none given" : signatureKeyIDs.joined(separator: ", ")
            return "\(path): signature INVALID: no signature verifies with public key \(keyID) "
                + "(the envelope names key id \(ids)); the payload, the signature or the key is not the one signed"
        case .statementMalformed(let detail):
            return "the signed payload is not a usable in-toto Statement v1 (\(detail))"
        case .missingFile(let name):
            return "\(name): listed in the attestation but missing from the directory"
        case .digestMismatch(let name, let expected, let actual):
            return "\(name): sha256 mismatch: the file was changed after signing (attested \(expected), found \(actual))"
        case .unlistedFile(let name):
            return "\(name): in the directory but not listed in the attestation (added after signing)"
        case .unsupportedFileType(let name, let kind):
            return "\(name): is a \(kind); only regular files and folders can be attested"
        case .unreadable(let name, let reason):
            return "\(name): cannot read it (\(reason))"
        case .encodingFailed(let detail):
            return "cannot encode the attestation (\(detail))"
        case .writeFailed(let path, let reason):
            return "\(path): cannot write the attestation (\(reason))"
        case .releaseMalformed(let detail):
            return "the release attestation is not usable (\(detail))"
        case .sameRequesterAndApprover(let actor):
            return "two-person rule broken: \(actor) both requested and approved this release"
        case .releaseNamesAnotherRun(let expected, let actual):
            return "attestation.dsse.json: the release approved the run attestation with sha256 \(expected), this folder holds \(actual)"
        }
    }
}
