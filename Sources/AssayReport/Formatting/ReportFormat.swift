import AssayPluginAPI
import Foundation

/// Locale-independent formatting shared by both renderers, so the same model gives the same bytes everywhere.
enum ReportFormat {
    /// A count with thin thousands separators written as commas: `1234567` → `"1,234,567"`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A weight in [0, 1] with three decimals.
    static func weight(_ value: Double) -> String {
        guard value.isFinite else { return number(value) }
        return String(format: "%.3f", value)
    }

    /// A number as a person reads it: integers whole, others with four significant digits, tiny ones in e-notation.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-∞" : "∞" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1000 { return trimmed(String(format: "%.1f", value)) }
        if magnitude >= 0.001 { return String(format: "%.4g", value) }
        return String(format: "%.2e", value)
    }

    /// A calibrated strength: `"p = 1.20e-09"`, `"LR = 45"`, or `"none"`.
    static func strength(_ strength: FindingStrength) -> String {
        switch strength {
        case .pValue(let p): "p = \(number(p))"
        case .likelihoodRatio(let ratio): "LR = \(number(ratio))"
        case .uncalibrated: "none"
        }
    }

    /// A parameter value as it would be written in the config file.
    static func parameter(_ value: ReportModel.Parameter.Value) -> String {
        switch value {
        case .bool(let flag): flag ? "true" : "false"
        case .int(let integer): String(integer)
        case .double(let double): double.isFinite ? "\(double)" : number(double)
        case .string(let string): "\"\(string)\""
        }
    }

    /// A rule's outcome in a few words.
    static func outcome(_ outcome: ReportModel.Outcome) -> String {
        switch outcome {
        case .succeeded(let findings): "succeeded, \(count(findings)) finding\(findings == 1 ? "" : "s")"
        case .failed(let message): "FAILED: \(message)"
        case .skipped(let reason): "skipped: \(reason)"
        }
    }

    /// A date in UTC, ISO 8601 to the second: `"2026-11-21T06:00:00Z"`.
    static func date(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return String(
            format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ", year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60,
            secondOfDay % 60)
    }

    /// A duration: `"42 s"`, `"3 min 5 s"`, `"1 h 2 min"`.
    static func duration(from start: Date, to end: Date) -> String {
        // Whole seconds of each end, so the duration matches the two times shown.
        let total = max(0, Int(end.timeIntervalSince1970.rounded(.down) - start.timeIntervalSince1970.rounded(.down)))
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \(total % 3600 / 60) min"
    }

    /// A percentage of a whole with one decimal, or `"–"` when the whole is zero.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        return String(format: "%.1f%%", Double(part) * 100 / Double(whole))
    }

    /// A command line, each argument quoted for a POSIX shell where needed.
    static func shellQuoted(_ arguments: [String]) -> String {
        arguments.map { argument in
            let safe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
            if !argument.isEmpty, argument.unicodeScalars.allSatisfy({ safe.contains($0) }) { return argument }
            return "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }

    /// The input the run read, in a few words.
    static func input(_ input: ReportModel.Input) -> String {
        switch input {
        case .store(let path): "store: \(path)"
        case .files(let files): "input file\(files.count == 1 ? "" : "s"): " + files.joined(separator: ", ")
        }
    }

    private static func trimmed(_ decimal: String) -> String {
        guard decimal.contains(".") else { return decimal }
        var result = decimal
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }

    /// Days since 1970-01-01 to a proleptic Gregorian (year, month, day); Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
