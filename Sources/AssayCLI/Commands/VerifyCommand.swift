import ArgumentParser
import AssayAttestation
import AssayCrypto
import Foundation

/// `assay verify`: checks a cleaning run's signed attestation and every output file, offline.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a cleaning run's signature and every output file's sha256.",
        discussion: """
            Reads DIR/attestation.dsse.json, checks its Ed25519 signature over the DSSE pre-authentication \
            encoding with the given public key, then checks that every file listed in the in-toto statement \
            has its recorded sha256 and that no other file is in DIR. Exits 0 and prints one 'OK:' line, \
            or exits 1 naming the file or the signature that failed. Docs/verify.md shows the same checks \
            with openssl and sha256sum only. With --release FILE (a release attestation, RELEASE_ID.dsse.json), it \
            also checks the release: its signature with the same key, that requester and approver differ, and \
            that it names this folder's run attestation — the gate a training job runs before it trains.
            """
    )

    @Argument(help: ArgumentHelp("The cleaning run's output folder.", valueName: "dir"))
    var directory: String

    @Option(name: .customLong("public-key"), help: ArgumentHelp("The signer's public key (PEM).", valueName: "file"))
    var publicKeyPath: String

    @Option(help: ArgumentHelp("A release attestation of this run (RELEASE_ID.dsse.json) to check as well.", valueName: "file"))
    var release: String?

    func run() throws {
        let directoryURL = URL(fileURLWithPath: directory)
        do {
            let publicKey = try Ed25519PublicKey(contentsOf: URL(fileURLWithPath: publicKeyPath))
            if let release {
                let verified = try ReleaseVerifier.verify(directory: directoryURL, release: URL(fileURLWithPath: release), publicKey: publicKey)
                let approval = verified.approval
                print(
                    "OK: release \(approval.releaseID) of run \(approval.runID): requested by \(approval.requestedBy), "
                        + "approved by \(approval.approvedBy) at \(approval.approvedAt); signature valid (Ed25519 key "
                        + "\(verified.run.keyID.prefix(16))…); \(directory): run signature valid, \(verified.run.files.count) files match "
                        + "their sha256, no unlisted files")
                return
            }
            let verified = try AttestationVerifier.verify(directory: directoryURL, publicKey: publicKey)
            print(
                "OK: \(directory): signature valid (Ed25519 key \(verified.keyID.prefix(16))…), "
                    + "\(verified.files.count) files match their sha256, no unlisted files; "
                    + "predicate \(verified.statement.predicateType)"
            )
        } catch let error as AssayCryptoError {
            try fail(error.description)
        } catch let error as AttestationError {
            try fail(error.description)
        }
    }

    private func fail(_ message: String) throws -> Never {
        FileHandle.standardError.write(Data("FAILED: \(message)\n".utf8))
        throw ExitCode.failure
    }
}
