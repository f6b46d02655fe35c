import Glibc

/// Where encoded bytes go: a buffer, a byte counter (to size a frame), or straight into a pipe.
protocol WireSink {
    mutating func append(_ raw: UnsafeRawBufferPointer)
}

/// Collects bytes in memory.
struct ByteArraySink: WireSink {
    var bytes: [UInt8] = []

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: raw)
    }
}

/// Counts bytes without storing them.
struct CountingSink: WireSink {
    var count = 0

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        count += raw.count
    }
}

/// Writes to a file descriptor: small pieces are gathered in a 64 KiB buffer, large arrays go straight from
/// their own storage to `write(2)` with no copy. The first I/O error sticks in ``failure`` and stops all writing.
struct FileDescriptorSink: WireSink {
    static let bufferSize = 1 << 16
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var failure: FrameIOError?

    init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(Self.bufferSize)
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard failure == nil else { return }
        if raw.count >= Self.bufferSize {
            flush()
            if failure == nil { failure = FrameIO.writeAll(raw, to: fd) }
        } else {
            if buffer.count + raw.count > Self.bufferSize { flush() }
            buffer.append(contentsOf: raw)
        }
    }

    mutating func flush() {
        guard failure == nil, !buffer.isEmpty else { return }
        failure = buffer.withUnsafeBytes { FrameIO.writeAll($0, to: fd) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Appends values in the runner protocol's binary encoding.
///
/// Integers and floats are written in the machine's native (little-endian) byte order: both ends of the pipe
/// are on the same machine. Arrays of plain values are one length (UInt64) plus a raw memory copy.
struct WireWriter<Sink: WireSink> {
    var sink: Sink

    mutating func write<T: BitwiseCopyable>(_ value: T) {
        withUnsafeBytes(of: value) { sink.append($0) }
    }

    mutating func write(_ value: Bool) {
        write(UInt8(value ? 1 : 0))
    }

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            write(UInt64(utf8.count))
            sink.append(UnsafeRawBufferPointer(utf8))
        }
    }

    mutating func write<T: BitwiseCopyable>(array: [T]) {
        write(UInt64(array.count))
        array.withUnsafeBytes { sink.append($0) }
    }

    mutating func write(strings: [String]) {
        write(UInt64(strings.count))
        for string in strings { write(string) }
    }
}

extension WireWriter where Sink == ByteArraySink {
    /// A writer into a new byte buffer.
    init(capacity: Int = 256) {
        var sink = ByteArraySink()
        sink.bytes.reserveCapacity(capacity)
        self.init(sink: sink)
    }

    /// The bytes written so far.
    var bytes: [UInt8] { sink.bytes }
}
