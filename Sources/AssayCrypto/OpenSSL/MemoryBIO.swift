import COpenSSL

/// Memory BIOs: feeding bytes to OpenSSL's PEM readers and collecting what its writers produce.
enum MemoryBIO {
    /// Runs `body` with a read-only BIO over `bytes`; the BIO is freed afterwards.
    static func reading<T>(_ bytes: [UInt8], _ body: (OpaquePointer) throws -> T) throws -> T {
        try bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                throw OpenSSLError.failure("BIO_new_mem_buf")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Runs `write` with an empty memory BIO and returns what it wrote; `write` returns OpenSSL's 1-for-success.
    static func writing(_ operation: String, _ write: (OpaquePointer) -> Int32) throws -> [UInt8] {
        guard let bio = BIO_new(BIO_s_mem()) else { throw OpenSSLError.failure("BIO_new") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw OpenSSLError.failure(operation) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
            if count <= 0 { break }
            out.append(contentsOf: chunk[0..<Int(count)])
        }
        return out
    }
}
