import AssayAttestation
import AssayCrypto
import AssayModel
import AssayTestSupport
import Foundation
import Testing

/// The shell recipe in Docs/verify.md, run as written on a folder Assay signed.
@Suite("Docs/verify.md's stock-tools recipe")
struct VerifyDocTests {
    static let toolsPresent = ["bash", "jq", "base64", "sha256sum", "openssl"].allSatisfy { tool in
        ProcessInfo.processInfo.environment["PATH", default: "/usr/bin:/bin"].split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)")
        }
    }

    /// The first ```sh block of Docs/verify.md.
    static func recipe() throws -> String {
        let doc = try String(contentsOf: repositoryRoot.appendingPathComponent("Docs/verify.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "```sh\n"))
        let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
        return String(doc[start.upperBound..<end.lowerBound])
    }

    static func runRecipe(in dir: URL) throws -> Int32 {
        try recipe().write(to: dir.appendingPathComponent("recipe.sh"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", "recipe.sh"]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(
        "passes on a signed folder and fails after a change, an added file or the wrong key",
        .enabled(if: toolsPresent, "needs bash, jq, base64, sha256sum and openssl"))
    func recipeWorks() throws {
        try withTemporaryDirectory { dir in
            let out = try makeOutputDirectory(in: dir)  // the recipe's DIR=out
            let key = try Ed25519PrivateKey.generate()
            let publicPEM = dir.appendingPathComponent("signer-pub.pem")  // the recipe's PUB
            try key.publicKey.pemRepresentation.write(to: publicPEM, atomically: true, encoding: .utf8)
            try AttestationSigner(privateKey: key).sign(directory: out, predicate: JSONValue.object([("doc", .bool(true))]))
            #expect(try Self.runRecipe(in: dir) == 0)

            let report = out.appendingPathComponent("report.md")
            let original = try Data(contentsOf: report)
            try Data("# Report!\n".utf8).write(to: report)
            #expect(try Self.runRecipe(in: dir) != 0, "a changed file")
            try original.write(to: report)

            try Data("x".utf8).write(to: out.appendingPathComponent("extra.txt"))
            #expect(try Self.runRecipe(in: dir) != 0, "an added file")
            try FileManager.default.removeItem(at: out.appendingPathComponent("extra.txt"))
            #expect(try Self.runRecipe(in: dir) == 0)

            try Ed25519PrivateKey.generate().publicKey.pemRepresentation.write(to: publicPEM, atomically: true, encoding: .utf8)
            #expect(try Self.runRecipe(in: dir) != 0, "the wrong key")
        }
    }
}
