import AssayModel
import AssayTestSupport
import Foundation

/// Runs `assay clean` (the real binary) and reads its outputs.
enum CleanRun {
    static let privateKey = Repository.fixture("keys/test-ed25519-private.pem")
    static let publicKey = Repository.fixture("keys/test-ed25519-public.pem")
    static let sample = Repository.fixture("sample/ratings.jsonl")

    /// One shared run over the sample, made once per test process.
    static let shared: (folder: TemporaryDirectory, out: String, result: ProcessResult) = {
        let folder = TemporaryDirectory("assay-clean")
        let out = folder.path("run")
        let result = try! ProcessRunner.assay(["clean", "--input", sample, "--out", out, "--key", privateKey])
        return (folder, out, result)
    }()

    static func lines(_ path: String) throws -> [JSONValue] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
    }

    /// Copies a run directory so a test can tamper with it.
    static func copy(_ out: String, into folder: TemporaryDirectory, name: String) throws -> String {
        let target = folder.path(name)
        try FileManager.default.copyItem(atPath: out, toPath: target)
        return target
    }
}
