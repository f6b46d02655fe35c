import AssayCrypto
import AssayModel
import Foundation

/// What a successful verification established.
public struct VerifiedAttestation: Sendable {
    /// The envelope as read.
    public let envelope: Envelope
    /// The signed statement.
    public let statement: Statement
    /// The key id of the public key that verified the signature.
    public let keyID: String

    /// The attested file names, in the statement's order.
    public var files: [String] { statement.subject.map(\.name) }
}

/// Verifies attestations written by ``AttestationSigner``, offline, with one trusted public key.
///
/// Checks, in order: the envelope parses; a signature verifies over the DSSE PAE with the key;
/// the payload is an in-toto Statement v1; every subject exists with its SHA-256; and no other file
/// is in the directory. The first failure is thrown as an ``AttestationError`` naming the file or the signature.
public struct AttestationVerifier: Sendable {
    /// Envelopes larger than this are refused before parsing.
    static let maximumEnvelopeSize = 256 << 20

    /// The trusted key.
    public let publicKey: Ed25519PublicKey

    /// A verifier trusting `publicKey`.
    public init(publicKey: Ed25519PublicKey) {
        self.publicKey = publicKey
    }

    /// Verifies `directory` (with its `attestation.dsse.json`) against `publicKey`.
    public static func verify(directory: URL, publicKey: Ed25519PublicKey) throws -> VerifiedAttestation {
        try AttestationVerifier(publicKey: publicKey).verify(directory: directory)
    }

    /// Checks an envelope's signature and returns its statement, without looking at any file.
    /// - Parameters:
    ///   - envelope: the envelope.
    ///   - source: names the envelope in errors.
    public func verify(envelope: Envelope, source: String = AttestationSigner.envelopeFileName) throws -> Statement {
        guard !envelope.signatures.isEmpty else { throw AttestationError.noSignatures(path: source) }
        let pae = envelope.preAuthenticationEncoding
        // The keyid is only a hint (DSSE): try every signature against the trusted key.
        guard envelope.signatures.contains(where: { publicKey.isValidSignature($0.sig, for: pae) }) else {
            throw AttestationError.signatureInvalid(
                path: source, keyID: publicKey.keyID, signatureKeyIDs: envelope.signatures.compactMap(\.keyID)
            )
        }
        guard envelope.payloadType == Statement.payloadType else {
            throw AttestationError.unsupportedPayloadType(found: envelope.payloadType, expected: Statement.payloadType)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(envelope.payload)
        } catch {
            throw AttestationError.statementMalformed(detail: "the payload is not JSON: \(error.description)")
        }
        let statement = try Statement(json: json)
        guard statement.type == Statement.type else {
            throw AttestationError.statementMalformed(detail: "_type is '\(statement.type)', expected '\(Statement.type)'")
        }
        var seen = Set<String>()
        for subject in statement.subject {
            guard seen.insert(subject.name).inserted else {
                throw AttestationError.statementMalformed(detail: "subject '\(subject.name)' is listed twice")
            }
            guard let hex = subject.sha256, SHA256Digest(hex: hex) != nil else {
                throw AttestationError.statementMalformed(detail: "subject '\(subject.name)' has no valid sha256 digest")
            }
        }
        return statement
    }

    /// Verifies the envelope `envelopeName` in `directory` and every file of the directory against it.
    public func verify(
        directory: URL, envelopeName: String = AttestationSigner.envelopeFileName
    ) throws -> VerifiedAttestation {
        let envelopeURL = directory.appendingPathComponent(envelopeName)
        let envelope = try readEnvelope(envelopeURL)
        let statement = try verify(envelope: envelope, source: envelopeURL.path)

        let present = try DirectoryListing.files(in: directory, excluding: [envelopeName])
        let presentSet = Set(present)
        let listed = Set(statement.subject.map(\.name))
        // Cheap checks first: files are hashed only once the names agree.
        for subject in statement.subject where !presentSet.contains(subject.name) {
            throw AttestationError.missingFile(name: subject.name)
        }
        for name in present where !listed.contains(name) {
            throw AttestationError.unlistedFile(name: name)
        }
        for subject in statement.subject {
            let actual = try DirectoryListing.digest(of: subject.name, in: directory).hex
            let expected = subject.sha256?.lowercased() ?? ""
            guard actual == expected else {
                throw AttestationError.digestMismatch(name: subject.name, expected: expected, actual: actual)
            }
        }
        return VerifiedAttestation(envelope: envelope, statement: statement, keyID: publicKey.keyID)
    }

    /// Reads a DSSE envelope file (a regular file, at most ``maximumEnvelopeSize`` bytes).
    func readEnvelope(_ url: URL) throws -> Envelope {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { throw AttestationError.envelopeMissing(path: url.path) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw AttestationError.envelopeMalformed(path: url.path, detail: "not a regular file")
        }
        guard Int(info.st_size) <= AttestationVerifier.maximumEnvelopeSize else {
            throw AttestationError.envelopeMalformed(path: url.path, detail: "larger than 256 MiB")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw AttestationError.envelopeUnreadable(path: url.path, reason: (error as NSError).localizedDescription)
        }
        do {
            return try Envelope(jsonData: data)
        } catch let error as DecodingError {
            throw AttestationError.envelopeMalformed(path: url.path, detail: Self.summary(of: error))
        } catch {
            throw AttestationError.envelopeMalformed(path: url.path, detail: "not JSON")
        }
    }

    private static func summary(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "'\(path)' has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : context.debugDescription
        @unknown default: return "unreadable"
        }
    }
}
