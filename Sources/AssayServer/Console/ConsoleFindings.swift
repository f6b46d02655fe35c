import AssayModel
import Foundation

/// A rule's finding about an annotator as the console shows it, read from the run's stored findings
/// (the JSON of `annotators.jsonl`: `rule`, `summary`, `action`, `p_value` or `likelihood_ratio`, `evidence`).
struct ConsoleFinding: Sendable {
    struct Evidence: Sendable {
        let name: String
        let value: String
    }

    let rule: String
    let summary: String
    let action: String
    /// `p = 3.2e-07`, `LR 1,200`, or `uncalibrated`.
    let strength: String
    /// Evidence in one unit for sorting: −log₁₀ p, or log₁₀ of the likelihood ratio; 0 when uncalibrated.
    let bits: Double
    let evidence: [Evidence]

    /// The findings in a stored JSON array (an unreadable one gives none).
    static func parse(_ json: String) -> [ConsoleFinding] {
        guard case .array(let values) = (try? JSONParser.parse(json)) ?? .null else { return [] }
        return values.map { value in
            var strength = "uncalibrated"
            var bits = 0.0
            if let p = value["p_value"]?.numberValue {
                strength = String(format: "p = %.2g", p)
                bits = -log10(max(p, 1e-300))
            } else if let ratio = value["likelihood_ratio"]?.numberValue {
                strength = String(format: "LR %.3g", ratio)
                bits = log10(max(ratio, 1e-300))
            }
            var evidence: [Evidence] = []
            if case .object(let members) = value["evidence"] ?? .null {
                evidence = members.map { Evidence(name: $0.key, value: text($0.value)) }
            }
            return ConsoleFinding(
                rule: value["rule"]?.stringValue ?? "?", summary: value["summary"]?.stringValue ?? "",
                action: value["action"]?.stringValue ?? "", strength: strength, bits: bits, evidence: evidence)
        }
    }

    /// The strongest evidence among `findings` (0 without calibrated findings).
    static func strength(_ findings: [ConsoleFinding]) -> Double { findings.map(\.bits).max() ?? 0 }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(format: "%.4g", number)
        case .array(let values): return values.map(text).joined(separator: ", ")
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "—"
        case .object: return CanonicalJSON.encode(value)
        }
    }
}
