import AssayPluginAPI
import Glibc

/// Message types on the runner pipe. Host → runner: 1…9; runner → host: 10….
enum FrameType: UInt32 {
    /// Host → runner: the snapshot and consensus that following `evaluate` frames refer to.
    case snapshot = 1
    /// Host → runner: run one rule (rule id, parameters).
    case evaluate = 2
    /// Host → runner: exit cleanly.
    case shutdown = 3
    /// Runner → host, first frame: plugin loaded (ABI, toolchain, rule descriptors).
    case hello = 10
    /// Runner → host, first frame: the plugin could not be loaded (a ``PluginLoadError``); the runner exits.
    case loadFailed = 11
    /// Runner → host: snapshot received and valid.
    case ready = 12
    /// Runner → host: the rule's findings.
    case findings = 13
    /// Runner → host: the rule threw (message).
    case ruleThrew = 14
    /// Runner → host: the request was not understood (message).
    case badRequest = 15
}

/// One length-prefixed frame: a 16-byte header (magic "ASYF", type, payload length), then the payload.
struct Frame {
    static let magic: UInt32 = 0x4653_5941  // "ASYF" little-endian
    static let headerSize = 16
    /// The cap on frames the runner reads from the host (the snapshot; the host is trusted, so this only stops a
    /// corrupt header). Replies from the runner have their own, much smaller cap
    /// (``PluginConfiguration/runnerReplyLimitBytes``).
    static let maximumPayload: UInt64 = 32 << 30
    /// Payloads are read in pieces of at most this size, so memory grows only as bytes arrive: a header announcing
    /// a large payload that never comes costs one piece, not the announced length.
    static let readPiece = 1 << 20

    var type: FrameType
    var payload: [UInt8]
}

/// A frame to send: small ones as bytes, the snapshot streamed from its columns (no copy into a buffer).
enum OutgoingFrame: Sendable {
    case bytes(Frame)
    case snapshot(SnapshotView, ConsensusView)
}

/// An I/O failure on the runner pipe.
enum FrameIOError: Error, Equatable {
    /// The peer closed the pipe (for the host: the runner exited or crashed).
    case endOfFile
    /// A read or write failed with `errno`.
    case system(Int32)
    /// The bytes on the pipe are not a frame.
    case corrupt(String)
    /// The header announces a payload of `length` bytes, above the reader's cap of `limit` bytes.
    case tooLarge(length: UInt64, limit: UInt64)
}

/// Blocking frame I/O on raw file descriptors (pipes).
enum FrameIO {
    static func write(_ frame: Frame, to fd: Int32) throws(FrameIOError) {
        try writeHeader(type: frame.type, length: frame.payload.count, to: fd)
        if let failure = frame.payload.withUnsafeBytes({ writeAll($0, to: fd) }) { throw failure }
    }

    static func write(_ outgoing: OutgoingFrame, to fd: Int32) throws(FrameIOError) {
        switch outgoing {
        case .bytes(let frame):
            try write(frame, to: fd)
        case .snapshot(let snapshot, let consensus):
            var counter = WireWriter(sink: CountingSink())
            counter.write(snapshot)
            counter.write(consensus)
            try writeHeader(type: .snapshot, length: counter.sink.count, to: fd)
            var writer = WireWriter(sink: FileDescriptorSink(fd: fd))
            writer.write(snapshot)
            writer.write(consensus)
            writer.sink.flush()
            if let failure = writer.sink.failure { throw failure }
        }
    }

    private static func writeHeader(type: FrameType, length: Int, to fd: Int32) throws(FrameIOError) {
        var header = [UInt8](repeating: 0, count: Frame.headerSize)
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: Frame.magic, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: type.rawValue, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: UInt64(length), toByteOffset: 8, as: UInt64.self)
        }
        if let failure = header.withUnsafeBytes({ writeAll($0, to: fd) }) { throw failure }
    }

    /// Reads a frame header: its type and payload length.
    /// - Parameter limit: the largest payload accepted; a larger announced length throws ``FrameIOError/tooLarge(length:limit:)``
    ///   before anything is allocated for it.
    static func readHeader(from fd: Int32, limit: UInt64 = Frame.maximumPayload) throws(FrameIOError) -> (type: FrameType, length: Int) {
        var header = [UInt8](repeating: 0, count: Frame.headerSize)
        try readExactly(into: &header, from: fd)
        let (magic, rawType, length) = header.withUnsafeBytes { raw in
            (raw.load(fromByteOffset: 0, as: UInt32.self), raw.load(fromByteOffset: 4, as: UInt32.self), raw.load(fromByteOffset: 8, as: UInt64.self))
        }
        guard magic == Frame.magic else { throw .corrupt("bad frame magic 0x\(String(magic, radix: 16))") }
        guard let type = FrameType(rawValue: rawType) else { throw .corrupt("unknown frame type \(rawType)") }
        guard length <= min(limit, Frame.maximumPayload) else { throw .tooLarge(length: length, limit: min(limit, Frame.maximumPayload)) }
        return (type, Int(length))
    }

    /// Reads a payload of `length` bytes, growing the buffer piece by piece as the bytes arrive (never more than
    /// ``Frame/readPiece`` ahead of what was received).
    static func readPayload(length: Int, from fd: Int32) throws(FrameIOError) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(min(length, Frame.readPiece))
        while payload.count < length {
            let start = payload.count
            let piece = min(length - start, Frame.readPiece)
            var received = 0
            var failure: FrameIOError?
            payload.append(contentsOf: repeatElement(0, count: piece))
            payload.withUnsafeMutableBytes { raw in
                while received < piece {
                    let got = Glibc.read(fd, raw.baseAddress! + start + received, piece - received)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = .system(errno)
                        return
                    }
                    if got == 0 {
                        failure = .endOfFile  // the peer exited, possibly in the middle of a frame
                        return
                    }
                    received += got
                }
            }
            if let failure { throw failure }
        }
        return payload
    }

    /// Reads a whole frame into memory, refusing payloads above `limit` bytes.
    static func read(from fd: Int32, limit: UInt64 = Frame.maximumPayload) throws(FrameIOError) -> Frame {
        let (type, length) = try readHeader(from: fd, limit: limit)
        return Frame(type: type, payload: try readPayload(length: length, from: fd))
    }

    /// Writes all bytes; returns the failure, if any.
    static func writeAll(_ raw: UnsafeRawBufferPointer, to fd: Int32) -> FrameIOError? {
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno == EPIPE ? .endOfFile : .system(errno)
            }
            offset += written
        }
        return nil
    }

    private static func readExactly(into buffer: inout [UInt8], from fd: Int32) throws(FrameIOError) {
        let failure: FrameIOError? = buffer.withUnsafeMutableBytes { raw -> FrameIOError? in
            var offset = 0
            while offset < raw.count {
                let got = Glibc.read(fd, raw.baseAddress! + offset, min(raw.count - offset, 1 << 20))
                if got < 0 {
                    if errno == EINTR { continue }
                    return .system(errno)
                }
                if got == 0 {
                    return .endOfFile  // the peer exited, possibly in the middle of a frame
                }
                offset += got
            }
            return nil
        }
        if let failure { throw failure }
    }
}
