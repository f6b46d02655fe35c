import AssayPluginAPI

/// What the runner says first after loading a plugin.
struct RunnerHello: Sendable, Equatable {
    var abiVersion: UInt32
    var toolchain: String
    var rules: [RuleDescriptor]

    func encoded() -> [UInt8] {
        var writer = WireWriter()
        writer.write(abiVersion)
        writer.write(toolchain)
        writer.write(UInt64(rules.count))
        for rule in rules { writer.write(rule) }
        return writer.bytes
    }

    init(abiVersion: UInt32, toolchain: String, rules: [RuleDescriptor]) {
        self.abiVersion = abiVersion
        self.toolchain = toolchain
        self.rules = rules
    }

    init(decoding bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        abiVersion = try reader.read()
        toolchain = try reader.readString()
        let count = try reader.readCount()
        var rules: [RuleDescriptor] = []
        for _ in 0..<count { rules.append(try reader.readRuleDescriptor()) }
        self.rules = rules
    }
}

/// Encoders for the host → runner requests.
enum RunnerRequest {
    static func snapshot(_ snapshot: SnapshotView, _ consensus: ConsensusView) -> OutgoingFrame {
        .snapshot(snapshot, consensus)
    }

    /// The snapshot frame's payload in memory (tests; the host streams it instead).
    static func encodedSnapshot(_ snapshot: SnapshotView, _ consensus: ConsensusView) -> [UInt8] {
        var writer = WireWriter(capacity: 1 << 16)
        writer.write(snapshot)
        writer.write(consensus)
        return writer.bytes
    }

    static func evaluate(ruleID: String, parameters: RuleParameters) -> Frame {
        var writer = WireWriter()
        writer.write(ruleID)
        writer.write(parameters)
        return Frame(type: .evaluate, payload: writer.bytes)
    }

    static func message(_ type: FrameType, _ text: String) -> Frame {
        var writer = WireWriter()
        writer.write(text)
        return Frame(type: type, payload: writer.bytes)
    }

    static func decodeMessage(_ payload: [UInt8]) -> String {
        var reader = WireReader(payload)
        return (try? reader.readString()) ?? "(unreadable message)"
    }
}
