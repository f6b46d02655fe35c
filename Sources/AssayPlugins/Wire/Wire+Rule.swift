import AssayPluginAPI

extension WireWriter {
    mutating func write(_ value: ParameterValue) {
        switch value {
        case .bool(let v):
            write(UInt8(0))
            write(v)
        case .int(let v):
            write(UInt8(1))
            write(Int64(v))
        case .double(let v):
            write(UInt8(2))
            write(v)
        case .string(let v):
            write(UInt8(3))
            write(v)
        }
    }

    mutating func write(_ parameters: RuleParameters) {
        let sorted = parameters.values.sorted { $0.key < $1.key }
        write(UInt64(sorted.count))
        for (name, value) in sorted {
            write(name)
            write(value)
        }
    }

    mutating func write(_ rule: RuleDescriptor) {
        write(rule.id)
        write(rule.version)
        write(rule.summary)
        write(UInt64(rule.parameters.count))
        for spec in rule.parameters {
            write(spec.name)
            write(spec.type.rawValue)
            write(spec.defaultValue)
            write(spec.summary)
        }
    }

    mutating func write(_ findings: [Finding]) {
        write(UInt64(findings.count))
        for finding in findings {
            switch finding.subject {
            case .annotator(let row):
                write(UInt8(0))
                write(row)
            case .rating(let row):
                write(UInt8(1))
                write(row)
            }
            write(finding.score)
            switch finding.strength {
            case .pValue(let p):
                write(UInt8(0))
                write(p)
            case .likelihoodRatio(let ratio):
                write(UInt8(1))
                write(ratio)
            case .uncalibrated:
                write(UInt8(2))
                write(Double.nan)
            }
            write(finding.action.rawValue)
            write(finding.summary)
            write(UInt64(finding.evidence.count))
            for evidence in finding.evidence {
                write(evidence.name)
                switch evidence.value {
                case .number(let v):
                    write(UInt8(0))
                    write(v)
                case .text(let v):
                    write(UInt8(1))
                    write(v)
                case .ids(let v):
                    write(UInt8(2))
                    write(strings: v)
                }
            }
        }
    }
}

extension WireReader {
    mutating func readParameterValue() throws(WireError) -> ParameterValue {
        switch try read(UInt8.self) {
        case 0: return .bool(try readBool())
        case 1: return .int(Int(try read(Int64.self)))
        case 2: return .double(try read(Double.self))
        case 3: return .string(try readString())
        case let tag: throw WireError.malformed("unknown parameter tag \(tag)")
        }
    }

    mutating func readParameters() throws(WireError) -> RuleParameters {
        let count = try readCount()
        var values: [String: ParameterValue] = [:]
        for _ in 0..<count {
            let name = try readString()
            values[name] = try readParameterValue()
        }
        return RuleParameters(values)
    }

    mutating func readRuleDescriptor() throws(WireError) -> RuleDescriptor {
        let id = try readString()
        let version = try readString()
        let summary = try readString()
        let count = try readCount()
        var specs: [ParameterSpec] = []
        for _ in 0..<count {
            let name = try readString()
            guard let type = ParameterType(rawValue: try read(UInt8.self)) else { throw WireError.malformed("unknown parameter type") }
            let value = try readParameterValue()
            specs.append(ParameterSpec(name: name, type: type, defaultValue: value, summary: try readString()))
        }
        return RuleDescriptor(id: id, version: version, summary: summary, parameters: specs)
    }

    mutating func readFindings() throws(WireError) -> [Finding] {
        let count = try readCount()
        var findings: [Finding] = []
        findings.reserveCapacity(count)
        for _ in 0..<count {
            let subject: FindingSubject
            switch try read(UInt8.self) {
            case 0: subject = .annotator(try read(Int32.self))
            case 1: subject = .rating(try read(Int32.self))
            case let tag: throw WireError.malformed("unknown subject tag \(tag)")
            }
            let score: Double = try read()
            let strengthTag: UInt8 = try read()
            let strengthValue: Double = try read()
            let strength: FindingStrength
            switch strengthTag {
            case 0: strength = .pValue(strengthValue)
            case 1: strength = .likelihoodRatio(strengthValue)
            case 2: strength = .uncalibrated
            default: throw WireError.malformed("unknown strength tag \(strengthTag)")
            }
            guard let action = RecommendedAction(rawValue: try read(UInt8.self)) else { throw WireError.malformed("unknown action") }
            let summary = try readString()
            let evidenceCount = try readCount()
            var evidence: [Evidence] = []
            for _ in 0..<evidenceCount {
                let name = try readString()
                switch try read(UInt8.self) {
                case 0: evidence.append(.number(name, try read(Double.self)))
                case 1: evidence.append(.text(name, try readString()))
                case 2: evidence.append(.ids(name, try readStrings()))
                case let tag: throw WireError.malformed("unknown evidence tag \(tag)")
                }
            }
            findings.append(Finding(subject: subject, score: score, strength: strength, action: action, summary: summary, evidence: evidence))
        }
        return findings
    }
}
