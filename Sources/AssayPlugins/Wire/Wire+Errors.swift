extension WireWriter {
    mutating func write(_ error: PluginLoadError) {
        switch error {
        case .unreadable(let path, let reason): write(tag: 0, path, reason)
        case .untrusted(let path, let digest): write(tag: 1, path, digest)
        case .digestChanged(let path, let expected, let actual): write(tag: 2, path, expected, actual)
        case .notLoadable(let path, let reason): write(tag: 3, path, reason)
        case .notAPlugin(let path): write(tag: 4, path)
        case .abiMismatch(let path, let found, let expected): write(tag: 5, path, String(found), String(expected))
        case .toolchainMismatch(let path, let found, let expected): write(tag: 6, path, found, expected)
        case .missingEntryPoint(let path, let symbol): write(tag: 7, path, symbol)
        case .badPluginObject(let path, let reason): write(tag: 8, path, reason)
        case .invalidRule(let path, let reason): write(tag: 9, path, reason)
        case .duplicateRule(let id, let path, let otherPath): write(tag: 10, id, path, otherPath)
        case .runnerFailed(let path, let reason): write(tag: 11, path, reason)
        }
    }

    private mutating func write(tag: UInt8, _ fields: String...) {
        write(tag)
        write(strings: fields)
    }
}

extension WireReader {
    mutating func readPluginLoadError() throws(WireError) -> PluginLoadError {
        let tag: UInt8 = try read()
        let f = try readStrings()
        func field(_ index: Int) throws(WireError) -> String {
            guard index < f.count else { throw WireError.malformed("load error \(tag) lacks field \(index)") }
            return f[index]
        }
        func number(_ index: Int) throws(WireError) -> UInt32 {
            guard let value = UInt32(try field(index)) else { throw WireError.malformed("load error \(tag) field \(index) not a number") }
            return value
        }
        switch tag {
        case 0: return .unreadable(path: try field(0), reason: try field(1))
        case 1: return .untrusted(path: try field(0), digest: try field(1))
        case 2: return .digestChanged(path: try field(0), expected: try field(1), actual: try field(2))
        case 3: return .notLoadable(path: try field(0), reason: try field(1))
        case 4: return .notAPlugin(path: try field(0))
        case 5: return .abiMismatch(path: try field(0), found: try number(1), expected: try number(2))
        case 6: return .toolchainMismatch(path: try field(0), found: try field(1), expected: try field(2))
        case 7: return .missingEntryPoint(path: try field(0), symbol: try field(1))
        case 8: return .badPluginObject(path: try field(0), reason: try field(1))
        case 9: return .invalidRule(path: try field(0), reason: try field(1))
        case 10: return .duplicateRule(id: try field(0), path: try field(1), otherPath: try field(2))
        case 11: return .runnerFailed(path: try field(0), reason: try field(1))
        default: throw WireError.malformed("unknown load error tag \(tag)")
        }
    }
}
