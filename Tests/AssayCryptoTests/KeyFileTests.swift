import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

@Suite("Key files: mode 0600, no accidental overwrite")
struct KeyFileTests {
    private func mode(_ url: URL) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a private key is created with mode 0600 and reads back")
    func createsPrivate() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("key.pem")
            let key = try Ed25519PrivateKey.generate()
            try KeyFile.write(try key.pemRepresentation, to: url, permissions: 0o600, overwrite: false)
            #expect(try mode(url) == 0o600)
            #expect(try Ed25519PrivateKey(contentsOf: url).publicKey == key.publicKey)
        }
    }

    @Test("an existing file is left untouched unless overwrite is asked")
    func refusesOverwrite() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("key.pem")
            try "keep me".write(to: url, atomically: true, encoding: .utf8)
            #expect(throws: AssayCryptoError.fileExists(path: url.path)) {
                try KeyFile.write("new", to: url, permissions: 0o600, overwrite: false)
            }
            #expect(try String(contentsOf: url, encoding: .utf8) == "keep me")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
            try KeyFile.write("new", to: url, permissions: 0o600, overwrite: true)
            #expect(try String(contentsOf: url, encoding: .utf8) == "new")
            #expect(try mode(url) == 0o600)
            // No temporary file is left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["key.pem"])
        }
    }

    @Test("writing into a missing folder fails naming the file")
    func missingFolder() throws {
        let url = URL(fileURLWithPath: "/nonexistent-assay-folder/key.pem")
        let caught = #expect(throws: AssayCryptoError.self) {
            try KeyFile.write("x", to: url, permissions: 0o600, overwrite: false)
        }
        guard case .fileWriteFailed(let path, _)? = caught else {
            Issue.record("expected fileWriteFailed, got \(String(describing: caught))")
            return
        }
        #expect(path == url.path)
    }
}
