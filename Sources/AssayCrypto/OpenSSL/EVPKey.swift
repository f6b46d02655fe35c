import COpenSSL

/// Owns one `EVP_PKEY` for the length of an operation and frees it when released.
///
/// Assay's key types hold raw bytes (plain, `Sendable` values); an `EVPKey` is made from them
/// when OpenSSL is needed, so no OpenSSL object outlives the call that made it.
final class EVPKey {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// An Ed25519 private key from its 32-byte seed.
    static func ed25519Private(seed: UnsafeRawBufferPointer) throws -> EVPKey {
        OpenSSLError.clear()
        guard
            let key = EVP_PKEY_new_raw_private_key(
                EVP_PKEY_ED25519, nil, seed.baseAddress?.assumingMemoryBound(to: UInt8.self), seed.count
            )
        else {
            throw OpenSSLError.failure("EVP_PKEY_new_raw_private_key")
        }
        return EVPKey(taking: key)
    }

    /// An Ed25519 public key from its 32 raw bytes.
    static func ed25519Public(_ raw: [UInt8]) throws -> EVPKey {
        OpenSSLError.clear()
        guard
            let key = raw.withUnsafeBufferPointer({
                EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
            })
        else {
            throw OpenSSLError.failure("EVP_PKEY_new_raw_public_key")
        }
        return EVPKey(taking: key)
    }

    /// A fresh Ed25519 key pair from OpenSSL's CSPRNG.
    static func generateEd25519() throws -> EVPKey {
        OpenSSLError.clear()
        guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else {
            throw OpenSSLError.failure("EVP_PKEY_CTX_new_id")
        }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw OpenSSLError.failure("EVP_PKEY_keygen_init") }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen(context, &key) == 1, let key else {
            throw OpenSSLError.failure("EVP_PKEY_keygen")
        }
        return EVPKey(taking: key)
    }

    /// True when the key is an Ed25519 key.
    var isEd25519: Bool {
        EVP_PKEY_get_id(pointer) == EVP_PKEY_ED25519
    }

    /// OpenSSL's short name of the key's algorithm ("RSA", "EC", "ED448", …).
    var algorithmName: String {
        if let name = EVP_PKEY_get0_type_name(pointer) { return String(cString: name) }
        let nid = EVP_PKEY_get_base_id(pointer)
        if let short = OBJ_nid2sn(nid) { return String(cString: short) }
        return "unknown (nid \(nid))"
    }

    /// The 32 raw public-key bytes.
    func rawPublicKey() throws -> [UInt8] {
        var length = 32
        var out = [UInt8](repeating: 0, count: 32)
        OpenSSLError.clear()
        let status = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(pointer, $0.baseAddress, &length) }
        guard status == 1, length == 32 else { throw OpenSSLError.failure("EVP_PKEY_get_raw_public_key") }
        return out
    }

    /// The 32-byte private seed, written straight into `secret`.
    func rawPrivateKey(into secret: UnsafeMutableRawBufferPointer) throws {
        var length = secret.count
        OpenSSLError.clear()
        let status = EVP_PKEY_get_raw_private_key(pointer, secret.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
        guard status == 1, length == secret.count else { throw OpenSSLError.failure("EVP_PKEY_get_raw_private_key") }
    }

    /// An Ed25519 signature (PureEdDSA: one-shot, no pre-hash) over `message`.
    func sign(_ message: UnsafeRawBufferPointer) throws -> [UInt8] {
        OpenSSLError.clear()
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLError.failure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, pointer) == 1 else {
            throw OpenSSLError.failure("EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = signature.count
        let status = signature.withUnsafeMutableBufferPointer {
            EVP_DigestSign(context, $0.baseAddress, &length, message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count)
        }
        guard status == 1, length == 64 else { throw OpenSSLError.failure("EVP_DigestSign") }
        return signature
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` under this key.
    func verify(_ signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer) -> Bool {
        defer { OpenSSLError.clear() }
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, pointer) == 1 else { return false }
        let status = EVP_DigestVerify(
            context,
            signature.baseAddress?.assumingMemoryBound(to: UInt8.self), signature.count,
            message.baseAddress?.assumingMemoryBound(to: UInt8.self), message.count
        )
        return status == 1
    }
}
