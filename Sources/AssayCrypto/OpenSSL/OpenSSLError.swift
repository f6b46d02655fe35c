import COpenSSL

/// Reading and clearing OpenSSL's thread-local error queue.
enum OpenSSLError {
    /// Empties the error queue, so a later failure reports its own cause.
    static func clear() {
        ERR_clear_error()
    }

    /// Drains the error queue into one line (the last reason first is what OpenSSL's CLI prints too).
    static func drain() -> String {
        var reasons: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            buffer.withUnsafeMutableBufferPointer { ERR_error_string_n(code, $0.baseAddress, $0.count) }
            reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return reasons.isEmpty ? "no detail from OpenSSL" : reasons.joined(separator: "; ")
    }

    /// An ``AssayCryptoError/openSSL(operation:detail:)`` carrying the drained error queue.
    static func failure(_ operation: String) -> AssayCryptoError {
        .openSSL(operation: operation, detail: drain())
    }
}
