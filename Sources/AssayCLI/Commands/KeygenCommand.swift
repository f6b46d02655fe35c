import ArgumentParser
import AssayCrypto
import Foundation

/// `assay keygen`: makes an Ed25519 key pair for signing attestations.
struct KeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Make an Ed25519 key pair for signing cleaning runs.",
        discussion: """
            Writes the private key as unencrypted PKCS#8 PEM (mode 0600) and the public key as \
            SubjectPublicKeyInfo PEM; 'openssl pkey' reads both. Give the public key to whoever verifies \
            ('assay verify DIR --public-key FILE'); keep the private key secret.
            """
    )

    @Option(name: .customLong("private"), help: ArgumentHelp("Where to write the private key (PEM, mode 0600).", valueName: "file"))
    var privateKeyPath: String

    @Option(name: .customLong("public"), help: ArgumentHelp("Where to write the public key (PEM).", valueName: "file"))
    var publicKeyPath: String

    @Flag(help: "Replace existing key files.")
    var force = false

    func validate() throws {
        let privateURL = URL(fileURLWithPath: privateKeyPath).standardizedFileURL
        let publicURL = URL(fileURLWithPath: publicKeyPath).standardizedFileURL
        guard privateURL != publicURL else {
            throw ValidationError("--private and --public must name different files")
        }
    }

    func run() throws {
        let privateURL = URL(fileURLWithPath: privateKeyPath)
        let publicURL = URL(fileURLWithPath: publicKeyPath)
        do {
            // Check both before writing either, so a refusal leaves nothing half done.
            if !force {
                for url in [privateURL, publicURL] where KeyFile.exists(url) {
                    throw AssayCryptoError.fileExists(path: url.path)
                }
            }
            let key = try Ed25519PrivateKey.generate()
            try KeyFile.write(try key.pemRepresentation, to: privateURL, permissions: 0o600, overwrite: force)
            do {
                try KeyFile.write(try key.publicKey.pemRepresentation, to: publicURL, permissions: 0o644, overwrite: force)
            } catch {
                // Without its public half the new private key is of no use: don't leave it behind.
                try? FileManager.default.removeItem(at: privateURL)
                throw error
            }
            print("Wrote private key \(privateURL.path) (mode 0600) and public key \(publicURL.path); key id \(key.publicKey.keyID)")
        } catch let error as AssayCryptoError {
            FileHandle.standardError.write(Data("assay keygen: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}
