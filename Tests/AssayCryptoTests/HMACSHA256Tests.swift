import AssayCrypto
import Testing

/// HMAC-SHA256 against the test vectors of RFC 4231 (section 4).
@Suite struct HMACSHA256Tests {
    @Test(arguments: [
        // Test case 1: a 20-byte key of 0x0b, "Hi There".
        (String(repeating: "0b", count: 20), Array("Hi There".utf8), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // Test case 2: key "Jefe".
        (
            Hex.encode(Array("Jefe".utf8)), Array("what do ya want for nothing?".utf8),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        ),
        // Test case 6: a 131-byte key (longer than the block, hashed first).
        (
            String(repeating: "aa", count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        ),
    ])
    func knownAnswers(key: String, message: [UInt8], tag: String) throws {
        let key = try #require(Hex.decode(key))
        #expect(Hex.encode(HMACSHA256.authenticate(message, key: key)) == tag)
        #expect(HMACSHA256.isValid(try #require(Hex.decode(tag)), for: message, key: key))
    }

    @Test func changedMessageOrKeyOrTagIsInvalid() {
        let key = Array("console key".utf8)
        let tag = HMACSHA256.authenticate("v1|tok-1|reviewer", key: key)
        #expect(HMACSHA256.isValid(tag, for: Array("v1|tok-1|reviewer".utf8), key: key))
        #expect(!HMACSHA256.isValid(tag, for: Array("v1|tok-1|admin".utf8), key: key))
        #expect(!HMACSHA256.isValid(tag, for: Array("v1|tok-1|reviewer".utf8), key: Array("other key".utf8)))
        var flipped = tag
        flipped[31] ^= 1
        #expect(!HMACSHA256.isValid(flipped, for: Array("v1|tok-1|reviewer".utf8), key: key))
        #expect(!HMACSHA256.isValid(Array(tag.prefix(16)), for: Array("v1|tok-1|reviewer".utf8), key: key))
    }
}
