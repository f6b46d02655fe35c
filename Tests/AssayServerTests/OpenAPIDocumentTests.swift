import AssayTestSupport
import Foundation
import Testing

/// The served OpenAPI document is Docs/openapi.yaml, embedded in the binary.
@Suite struct OpenAPIDocumentTests {
    @Test func embeddedCopyMatchesDocs() throws {
        let docs = Repository.root.appendingPathComponent("Docs/openapi.yaml")
        let embedded = Repository.root.appendingPathComponent("Sources/AssayServer/Support/OpenAPIDocument.swift")
        let yaml = try String(contentsOf: docs, encoding: .utf8)
        let expected = """
            // Generated from Docs/openapi.yaml (ASSAY_UPDATE_OPENAPI=1 swift test --filter OpenAPI rewrites it): do not edit.
            // swift-format-ignore-file

            /// The OpenAPI 3.1 description served at `GET /openapi.yaml`.
            enum OpenAPIDocument {
                static let yaml = #\"\"\"

            """ + yaml + "\n\"\"\"#\n}\n"
        let current = try String(contentsOf: embedded, encoding: .utf8)
        if current != expected, ProcessInfo.processInfo.environment["ASSAY_UPDATE_OPENAPI"] == "1" {
            try Data(expected.utf8).write(to: embedded)
            return
        }
        #expect(
            current == expected, "Sources/AssayServer/Support/OpenAPIDocument.swift is stale: run ASSAY_UPDATE_OPENAPI=1 swift test --filter OpenAPI")
    }
}
