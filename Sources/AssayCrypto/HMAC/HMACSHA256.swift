import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) computed with the system OpenSSL (`EVP_Q_mac`).
///
/// ```swift
/// let tag = HMACSHA256.authenticate(Array("message".utf8), key: key)   // 32 bytes
/// HMACSHA256.isValid(tag, for: Array("message".utf8), key: key)       // true, compared in constant time
/// ```
public enum HMACSHA256 {
    /// The length of a tag in bytes.
    public static let tagLength = 32

    /// The 32-byte tag of `message` under `key`.
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: tagLength)
        var length = 0
        let done = out.withUnsafeMutableBufferPointer { tag in
            key.withUnsafeBufferPointer { key in
                message.withUnsafeBufferPointer { message in
                    EVP_Q_mac(
                        nil, "HMAC", nil, "SHA256", nil, key.baseAddress, key.count, message.baseAddress, message.count, tag.baseAddress,
                        tag.count, &length)
                }
            }
        }
        // EVP_Q_mac fails only when the HMAC or SHA-256 implementation is missing or memory is exhausted.
        guard done != nil, length == tagLength else { fatalError("OpenSSL could not compute an HMAC-SHA256: \(OpenSSLError.drain())") }
        return out
    }

    /// The tag of the UTF-8 encoding of `message` under `key`.
    public static func authenticate(_ message: String, key: [UInt8]) -> [UInt8] {
        authenticate(Array(message.utf8), key: key)
    }

    /// Whether `tag` is the tag of `message` under `key`, compared in time that does not depend on where they differ.
    public static func isValid(_ tag: [UInt8], for message: [UInt8], key: [UInt8]) -> Bool {
        let expected = authenticate(message, key: key)
        guard tag.count == expected.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<expected.count { difference |= expected[index] ^ tag[index] }
        return difference == 0
    }
}
