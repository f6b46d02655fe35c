import AssayServer
import AssayStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every `/v1` operation of the OpenAPI description the server itself serves, with no token, a revoked token and
/// every role it does not accept (`x-roles`): a new route in the description cannot skip the check, and a
/// description that forgets a route's roles fails here.
@Suite struct RouteAuthorizationTests {
    struct Operation: CustomStringConvertible {
        let method: String
        let path: String
        let roles: Set<String>?
        var description: String { "\(method.uppercased()) \(path)" }
    }

    /// The operations of the description: paths at two spaces, methods at four, `x-roles: [..]` at six.
    static func operations(of yaml: String) -> [Operation] {
        var out: [Operation] = []
        var path: String?
        var method: String?
        var roles: Set<String>?
        func flush() {
            if let path, let method { out.append(Operation(method: method, path: path, roles: roles)) }
            method = nil
            roles = nil
        }
        var inPaths = false
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" {
                inPaths = true
                continue
            }
            guard inPaths else { continue }
            if !line.hasPrefix(" "), !line.isEmpty {
                flush()
                break
            }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                flush()
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                ["get", "post", "put", "patch", "delete"].contains(line.trimmingCharacters(in: .whitespaces).dropLast())
            {
                flush()
                method = String(line.trimmingCharacters(in: .whitespaces).dropLast())
            } else if line.hasPrefix("      x-roles: ["), line.hasSuffix("]") {
                let list = line.dropFirst("      x-roles: [".count).dropLast()
                roles = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
        }
        flush()
        return out
    }

    /// The path with every `{parameter}` filled in.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "\\{[^}]+\\}", with: "x-1", options: .regularExpression)
    }

    @Test func everyOperationRefusesMissingRevokedAndWrongRoleTokens() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let revoked = try fixture.store.createToken(name: "gone", role: .admin, actor: "test")
        _ = try fixture.store.revokeToken("gone", actor: "test")
        let tokens = ["ingest": fixture.ingest, "reviewer": fixture.reviewer, "admin": fixture.admin]
        try await fixture.withServer { client in
            let description = try await client.send(.get, "/openapi.yaml")
            #expect(description.status == .ok)
            let operations = Self.operations(of: description.text).filter { $0.path.hasPrefix("/v1/") }
            // The service has 15 `/v1` operations today; the parser must find at least those.
            #expect(operations.count >= 15, "found \(operations)")
            for operation in operations {
                let roles = try #require(operation.roles, "\(operation) declares no x-roles")
                #expect(!roles.isEmpty && roles.isSubset(of: Set(tokens.keys)), "\(operation): x-roles \(roles)")
                let method: HTTPRequest.Method = operation.method == "post" ? .post : .get
                let uri = Self.concrete(operation.path)
                let body = method == .post ? "{}" : nil
                let none = try await client.send(method, uri, body: body, contentType: "application/json")
                #expect(none.status == .unauthorized, "\(operation) without a token: \(none.status)")
                let old = try await client.send(method, uri, token: revoked.secret, body: body, contentType: "application/json")
                #expect(old.status == .unauthorized, "\(operation) with a revoked token: \(old.status)")
                for (role, token) in tokens.sorted(by: { $0.key < $1.key }) {
                    let reply = try await client.send(method, uri, token: token, body: body, contentType: "application/json")
                    if roles.contains(role) {
                        #expect(
                            reply.status != .unauthorized && reply.status != .forbidden,
                            "\(operation) as \(role) (declared allowed): \(reply.status)")
                    } else {
                        #expect(reply.status == .forbidden, "\(operation) as \(role) (not in x-roles): \(reply.status)")
                    }
                }
            }
        }
    }

    @Test func theParserReadsRolesPerOperation() {
        let yaml = """
            paths:
              /v1/a:
                get:
                  operationId: a
                  x-roles: [admin]
                post:
                  operationId: b
              /healthz:
                get:
                  operationId: h
            components:
              schemas: {}
            """
        let operations = Self.operations(of: yaml)
        #expect(operations.map(\.description) == ["GET /v1/a", "POST /v1/a", "GET /healthz"])
        #expect(operations[0].roles == ["admin"])
        #expect(operations[1].roles == nil)
    }
}
