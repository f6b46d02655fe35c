import Hummingbird

/// Reads a request body into memory with a size limit and a deadline.
enum BodyReader {
    /// The whole body, or 413 past `limit` bytes, or 408 when the client takes longer than `timeout`.
    static func read(_ request: Request, limit: Int, timeout: Duration, what: String) async throws -> [UInt8] {
        try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                var bytes: [UInt8] = []
                if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
                    throw tooLarge(limit: limit, what: what)
                }
                for try await buffer in request.body {
                    guard bytes.count + buffer.readableBytes <= limit else { throw tooLarge(limit: limit, what: what) }
                    bytes.append(contentsOf: buffer.readableBytesView)
                }
                return bytes
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let bytes = first else {
                throw APIError(
                    .requestTimeout, "request_timeout", "the request body did not arrive within \(timeout.components.seconds) s")
            }
            return bytes
        }
    }

    static func tooLarge(limit: Int, what: String) -> APIError {
        APIError(
            .contentTooLarge, "body_too_large",
            "the request body is larger than \(limit) bytes (\(ByteCount(limit))), the limit for \(what): split it into smaller batches")
    }
}

/// Bytes for people: `16 MiB`.
struct ByteCount: CustomStringConvertible {
    let bytes: Int
    init(_ bytes: Int) { self.bytes = bytes }
    var description: String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}
