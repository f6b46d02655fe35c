import AssayPluginAPI
import AssayTestSupport
import Foundation
import Testing

/// Each built-in rule's page, `Docs/rules/<id>.md`, lists the rule's parameters exactly as the plugin declares them:
/// name, type, default and meaning, in order. A parameter added, renamed or re-defaulted in code fails here until
/// its page says so.
@Suite struct RuleDocsTests {
    /// The rows of the table under "## Parameters": (name, type, default, meaning).
    static func documentedParameters(of id: String) throws -> [(name: String, type: String, value: String, summary: String)] {
        let page = try String(contentsOf: Repository.root.appendingPathComponent("Docs/rules/\(id).md"), encoding: .utf8)
        let section = try #require(page.components(separatedBy: "\n## Parameters\n").dropFirst().first, "\(id).md has no Parameters section")
        let body = section.components(separatedBy: "\n## ").first ?? section
        return body.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
            let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
            func code(_ text: String) -> String { text.trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            return (code(cells[0]), cells[1], code(cells[2]), cells.dropFirst(3).joined(separator: " | "))
        }
    }

    static func sameValue(_ documented: String, _ value: ParameterValue) -> Bool {
        switch value {
        case .double(let number): Double(documented) == number
        case .int(let number): Int(documented) == number
        case .bool(let flag): documented == String(flag)
        case .string(let text): documented == text
        }
    }

    @Test(arguments: allRules.keys.sorted())
    func pageListsTheDeclaredParameters(id: String) throws {
        let rule = try #require(allRules[id])
        let documented = try Self.documentedParameters(of: id)
        #expect(documented.map(\.name) == rule.parameters.map(\.name), "Docs/rules/\(id).md lists other parameters than the rule declares")
        for (row, spec) in zip(documented, rule.parameters) {
            #expect(row.type == spec.type.description, "\(id).\(spec.name): documented type \(row.type), declared \(spec.type)")
            #expect(
                Self.sameValue(row.value, spec.defaultValue), "\(id).\(spec.name): documented default \(row.value), declared \(spec.defaultValue)")
            #expect(row.summary == spec.summary, "\(id).\(spec.name): the meaning differs from the declared summary")
        }
    }
}
