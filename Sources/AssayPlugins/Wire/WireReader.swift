import Glibc

/// Where encoded bytes come from: a buffer, or straight from a pipe (bounded by the frame's length).
protocol WireSource {
    /// Bytes left in the message.
    var remaining: Int { get }
    /// Fills `destination` completely or throws.
    mutating func read(into destination: UnsafeMutableRawBufferPointer) throws(WireError)
}

/// Reads from bytes in memory.
struct ByteArraySource: WireSource {
    let bytes: [UInt8]
    var cursor = 0

    var remaining: Int { bytes.count - cursor }

    mutating func read(into destination: UnsafeMutableRawBufferPointer) throws(WireError) {
        guard destination.count <= remaining else { throw .truncated }
        if destination.count > 0 {
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[cursor..<cursor + destination.count]))
            }
        }
        cursor += destination.count
    }
}

/// Reads one frame's payload from a file descriptor: small reads through a 64 KiB buffer, large arrays
/// straight into their final storage.
struct FileDescriptorSource: WireSource {
    let fd: Int32
    /// Payload bytes not yet handed out (buffered or still in the pipe).
    private(set) var remaining: Int
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0

    init(fd: Int32, payloadLength: Int) {
        self.fd = fd
        self.remaining = payloadLength
    }

    mutating func read(into destination: UnsafeMutableRawBufferPointer) throws(WireError) {
        guard destination.count <= remaining else { throw .truncated }
        var filled = 0
        while filled < destination.count {
            if start < end {
                let take = min(end - start, destination.count - filled)
                buffer.withUnsafeBytes { source in
                    UnsafeMutableRawBufferPointer(rebasing: destination[filled..<filled + take])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[start..<start + take]))
                }
                start += take
                filled += take
                continue
            }
            let inPipe = remaining - filled  // everything left of the frame is in the pipe (the buffer is empty)
            let want = destination.count - filled
            if want >= buffer.count {
                let got = Glibc.read(fd, destination.baseAddress! + filled, want)
                filled += try Self.check(got)
            } else {
                let got = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, min($0.count, inPipe)) }
                start = 0
                end = try Self.check(got)
            }
        }
        remaining -= destination.count
    }

    /// Reads and drops what is left of the frame.
    mutating func skipRest() throws(WireError) {
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { scratch.deallocate() }
        while remaining > 0 {
            try read(into: UnsafeMutableRawBufferPointer(rebasing: scratch[0..<min(remaining, scratch.count)]))
        }
    }

    private static func check(_ got: Int) throws(WireError) -> Int {
        if got > 0 { return got }
        if got == 0 { throw .endOfFile }
        if errno == EINTR { return 0 }
        throw .io(errno)
    }
}

/// Reads values written by ``WireWriter``; every read is bounds-checked and throws ``WireError`` on bad input.
struct WireReader<Source: WireSource> {
    var source: Source

    init(source: Source) {
        self.source = source
    }

    var isAtEnd: Bool { source.remaining == 0 }

    mutating func read<T: BitwiseCopyable>(_: T.Type = T.self) throws(WireError) -> T {
        var value: T? = nil
        var failure: WireError?
        withUnsafeTemporaryAllocation(byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment) { raw in
            do throws(WireError) {
                try source.read(into: raw)
                value = raw.loadUnaligned(as: T.self)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return value!
    }

    mutating func readBool() throws(WireError) -> Bool {
        try read(UInt8.self) != 0
    }

    /// A length that must fit in what is left of the message (guards allocations against corrupt lengths).
    mutating func readCount(elementSize: Int = 1) throws(WireError) -> Int {
        let count: UInt64 = try read()
        guard count <= UInt64(source.remaining / max(elementSize, 1)) else { throw .truncated }
        return Int(count)
    }

    mutating func readString() throws(WireError) -> String {
        let count = try readCount()
        var failure: WireError?
        let string = String(unsafeUninitializedCapacity: count) { buffer in
            do throws(WireError) {
                try source.read(into: UnsafeMutableRawBufferPointer(buffer))
                return count
            } catch {
                failure = error
                return 0
            }
        }
        if let failure { throw failure }
        return string
    }

    mutating func readArray<T: BitwiseCopyable>(_: T.Type = T.self) throws(WireError) -> [T] {
        let count = try readCount(elementSize: MemoryLayout<T>.stride)
        var failure: WireError?
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            do throws(WireError) {
                try source.read(into: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return array
    }

    mutating func readStrings() throws(WireError) -> [String] {
        let count = try readCount(elementSize: 8)
        var strings: [String] = []
        strings.reserveCapacity(count)
        for _ in 0..<count { strings.append(try readString()) }
        return strings
    }
}

extension WireReader where Source == ByteArraySource {
    /// A reader over bytes in memory.
    init(_ bytes: [UInt8]) {
        self.init(source: ByteArraySource(bytes: bytes))
    }
}

/// A malformed or interrupted message on the runner pipe.
enum WireError: Error, Equatable, CustomStringConvertible {
    case truncated
    case malformed(String)
    case endOfFile
    case io(Int32)

    var description: String {
        switch self {
        case .truncated: "message ends early"
        case .malformed(let reason): "malformed message: \(reason)"
        case .endOfFile: "the pipe closed inside a message"
        case .io(let code): "pipe read failed: \(String(cString: strerror(code)))"
        }
    }
}
