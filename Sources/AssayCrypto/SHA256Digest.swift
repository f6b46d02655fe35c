import COpenSSL

/// A SHA-256 digest (FIPS 180-4) computed with the system OpenSSL.
///
/// Use ``SHA256Hasher`` to hash streamed input and ``SHA256Digest/hash(_:)`` for one buffer.
public struct SHA256Digest: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    /// Wraps 32 digest bytes.
    public init(bytes: [UInt8]) {
        precondition(bytes.count == 32, "a SHA-256 digest has 32 bytes")
        self.bytes = bytes
    }

    /// Parses a 64-character lowercase or uppercase hexadecimal digest.
    public init?(hex: String) {
        guard let bytes = Hex.decode(hex), bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    /// Hashes one contiguous buffer.
    public static func hash<Bytes: Sequence>(_ data: Bytes) -> SHA256Digest where Bytes.Element == UInt8 {
        if let digest = data.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) { return digest }
        var hasher = SHA256Hasher()
        hasher.update(data)
        return hasher.finalize()
    }

    /// Hashes the UTF-8 encoding of a string.
    public static func hash(_ string: String) -> SHA256Digest {
        var string = string
        return string.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
    }

    /// Hashes raw memory in one call (`EVP_Digest` with the SHA-256 implementation fetched once,
    /// so no per-call algorithm lookup).
    public static func hash(_ buffer: UnsafeRawBufferPointer) -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let done = out.withUnsafeMutableBufferPointer { digest in
            EVP_Digest(buffer.baseAddress, buffer.count, digest.baseAddress, &length, SHA256Algorithm.shared.md, nil)
        }
        guard done == 1 else { fatalError("OpenSSL could not compute a SHA-256 digest") }
        return SHA256Digest(bytes: out)
    }
}

/// OpenSSL's SHA-256 implementation, fetched once from the default provider (OpenSSL 3
/// otherwise looks the algorithm up again, under a lock, on every digest it starts).
struct SHA256Algorithm: @unchecked Sendable {
    // An EVP_MD fetched by name is immutable and may be shared between threads (OpenSSL 3
    // manual, "EVP_MD_fetch"); it lives as long as the process.
    let md: OpaquePointer

    static let shared: SHA256Algorithm = {
        guard let md = EVP_MD_fetch(nil, "SHA256", nil) else { fatalError("OpenSSL has no SHA-256 implementation") }
        return SHA256Algorithm(md: md)
    }()
}

/// Incremental SHA-256 over data that arrives in pieces (a streamed file, a request body).
///
/// Runs on OpenSSL's EVP interface; the context is freed when the hasher is finalized or dropped.
public struct SHA256Hasher: ~Copyable {
    private let context: OpaquePointer

    /// Starts a new digest.
    public init() {
        // Allocation or initialisation of a SHA-256 context fails only when memory is exhausted.
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL could not allocate a digest context") }
        guard EVP_DigestInit_ex(context, SHA256Algorithm.shared.md, nil) == 1 else {
            EVP_MD_CTX_free(context)
            fatalError("OpenSSL could not start a SHA-256 digest")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(context)
    }

    /// Feeds bytes into the digest.
    public mutating func update<Bytes: Sequence>(_ data: Bytes) where Bytes.Element == UInt8 {
        let done: Void? = data.withContiguousStorageIfAvailable { buffer in
            update(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            let copy = Array(data)
            copy.withUnsafeBytes { update($0) }
        }
    }

    /// Feeds raw memory into the digest.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
    }

    /// Feeds the UTF-8 encoding of a string into the digest.
    public mutating func update(_ string: String) {
        var string = string
        string.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the digest; the hasher cannot be used afterwards.
    public consuming func finalize() -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        out.withUnsafeMutableBufferPointer { buffer in
            _ = EVP_DigestFinal_ex(context, buffer.baseAddress, &length)
        }
        return SHA256Digest(bytes: out)
    }
}
