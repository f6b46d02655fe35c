import AssayCrypto
import AssayTestSupport
import Foundation
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    @Test("FIPS 180-2 examples")
    func knownAnswers() {
        #expect(SHA256Digest.hash("abc").hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hash("").hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256Digest.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq").hex
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    }

    @Test("streamed pieces equal one buffer")
    func streaming() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256Hasher()
        for chunk in stride(from: 0, to: bytes.count, by: 7_777) {
            hasher.update(bytes[chunk..<min(chunk + 7_777, bytes.count)])
        }
        #expect(hasher.finalize() == SHA256Digest.hash(bytes))
    }

    @Test("a file larger than the read buffer hashes like openssl dgst")
    func fileHash() throws {
        try withTemporaryDirectory { dir in
            let url = dir.appendingPathComponent("big.bin")
            let bytes = (0..<(3 << 20) + 12_345).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
            try Data(bytes).write(to: url)
            let digest = try SHA256Digest.hash(contentsOf: url)
            #expect(digest == SHA256Digest.hash(bytes))
            let out = try OpenSSLTool.succeed(["dgst", "-sha256", "-r", "big.bin"], in: dir).stdoutText
            #expect(out.hasPrefix(digest.hex))
        }
    }

    @Test("hashing a missing file throws, naming it")
    func missing() {
        #expect(throws: FileHashError.self) { try SHA256Digest.hash(contentsOf: URL(fileURLWithPath: "/nonexistent/x")) }
    }
}

@Suite("SHA256Hasher as the store uses it")
struct SHA256HasherUsageTests {
    @Test("an optional hasher updates in place and is taken to finish")
    func optionalHasher() {
        var hasher: SHA256Hasher? = SHA256Hasher()
        hasher!.update("ab")
        hasher!.update([UInt8(ascii: "c")])
        #expect(hasher.take()!.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let isEmpty = hasher == nil
        #expect(isEmpty)
    }

    @Test("a hasher dropped without finishing frees its context")
    func dropped() {
        for _ in 0..<1000 {
            var hasher = SHA256Hasher()
            hasher.update("unused")
        }
    }
}
