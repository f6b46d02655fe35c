import AssayCrypto
import AssayModel
import Foundation

/// Writes one JSON object per line, members in the order given, numbers rounded to 6 decimals
/// so that outputs are readable and stable across platforms' last-bit differences.
final class JSONLinesWriter {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var lines = 0
    private var hasher: SHA256Hasher? = SHA256Hasher()
    /// SHA-256 of everything written, available after ``close()``.
    private(set) var digest: String?

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw CleaningError.output("cannot create \(path)")
        }
        self.handle = handle
        buffer.reserveCapacity(1 << 20)
    }

    func write(_ members: [(key: String, value: JSONValue)]) {
        JSONWriter.append(.object(members), to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        lines += 1
        if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
        hasher!.update(buffer)
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        flush()
        try handle.synchronize()
        try handle.close()
        digest = hasher.take()!.finalize().hex
    }
}

/// A number rounded to 6 decimals (NaN and infinities become 0: they never reach the contract files).
func rounded(_ value: Double) -> JSONValue {
    guard value.isFinite else { return .number(0) }
    return .number((value * 1_000_000).rounded() / 1_000_000)
}
