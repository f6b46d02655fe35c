import AssayPluginAPI
import Glibc

@_cdecl("assay_plugin_abi_version")
public func assayPluginABIVersion() -> UInt32 { PluginExport.abiVersion }

@_cdecl("assay_plugin_toolchain")
public func assayPluginToolchain() -> UnsafePointer<UInt8> { PluginExport.toolchain }

@_cdecl("assay_plugin_create")
public func assayPluginCreate() -> UnsafeMutableRawPointer { PluginExport.create([HugeReplyRule()]) }

/// Test rule: plays a hostile plugin inside `assay-rule-runner`. It finds the runner's protocol pipe (the one
/// write-only pipe besides stderr), writes a findings frame header announcing `announce_bytes` bytes, then
/// `send_bytes` bytes of payload, and exits: the host must not allocate the announced size.
struct HugeReplyRule: AssayRule {
    let id = "huge-reply"
    let version = "1.0.0"
    let summary = "Test rule: announces a huge reply on the runner's pipe."
    let parameters: [ParameterSpec] = [
        ParameterSpec(name: "announce_bytes", type: .int, defaultValue: .int(2 << 30), summary: "Payload length in the frame header."),
        ParameterSpec(name: "send_bytes", type: .int, defaultValue: .int(0), summary: "Payload bytes actually written."),
    ]

    func evaluate(_ input: RuleInput) throws -> [Finding] {
        let announce = try input.parameters.int("announce_bytes")
        let send = try input.parameters.int("send_bytes")
        guard let fd = Self.protocolPipe() else { throw RuleError("no protocol pipe found (not running in assay-rule-runner?)") }
        var header = [UInt8](repeating: 0, count: 16)
        header.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt32(0x4653_5941), toByteOffset: 0, as: UInt32.self)  // "ASYF"
            raw.storeBytes(of: UInt32(13), toByteOffset: 4, as: UInt32.self)  // findings
            raw.storeBytes(of: UInt64(announce), toByteOffset: 8, as: UInt64.self)
        }
        _ = header.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let chunk = [UInt8](repeating: 0x41, count: 1 << 16)
        var sent = 0
        while sent < send {
            let count = min(chunk.count, send - sent)
            let written = chunk.withUnsafeBytes { write(fd, $0.baseAddress, count) }
            if written <= 0 { break }
            sent += written
        }
        _exit(0)
    }

    /// The runner's private copy of its stdout: a write-only pipe at descriptor 3 or above that is not stderr.
    static func protocolPipe() -> Int32? {
        var stderrStatus = stat()
        let haveStderr = fstat(2, &stderrStatus) == 0
        for fd in Int32(3)..<1024 {
            var status = stat()
            guard fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFIFO else { continue }
            guard fcntl(fd, F_GETFL) & O_ACCMODE == O_WRONLY else { continue }
            if haveStderr, status.st_ino == stderrStatus.st_ino, status.st_dev == stderrStatus.st_dev { continue }
            return fd
        }
        return nil
    }
}
