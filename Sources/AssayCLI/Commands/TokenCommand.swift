import ArgumentParser
import AssayStore
import Foundation

/// `assay token create|list|revoke`: API tokens for `assay serve`.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage the service's API tokens (stored only as SHA-256 hashes).",
        subcommands: [Create.self, List.self, Revoke.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print its secret once.",
            discussion: "Roles: ingest (an annotation platform), reviewer (trust and safety), admin (runs, releases, audit).")

        @OptionGroup var store: StoreOptions

        @Option(help: "The token's role.")
        var role: TokenRole

        @Option(help: "The token's name: recorded as the actor of everything done with it.")
        var name: String

        func validate() throws {
            guard (1...128).contains(name.count), !name.contains(where: { $0.isWhitespace || $0.isNewline }) else {
                throw ValidationError("--name must be 1–128 characters without spaces")
            }
        }

        func run() throws {
            let (secret, token) = try store.open().createToken(name: name, role: role, actor: Console.osUser)
            Console.error("created \(token.tokenID) \"\(token.name)\" (\(token.role.rawValue)); the secret is printed once, below:")
            print(secret)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var store: StoreOptions

        @Flag(help: "Include revoked tokens.")
        var all = false

        func run() throws {
            let tokens = try store.open().tokens().filter { all || $0.isActive }
            if tokens.isEmpty { print("no tokens") }
            for token in tokens {
                let state = token.revokedAt.map { "revoked \($0)" } ?? "active"
                let role = token.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                print("\(token.tokenID)  \(role)  \(token.name)  created \(token.createdAt) by \(token.createdBy)  \(state)")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token by id or name; a running server refuses it within a second.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The token's id (tok-…) or name.")
        var token: String

        func run() throws {
            let revoked = try store.open().revokeToken(token, actor: Console.osUser)
            print("revoked \(revoked.tokenID) \"\(revoked.name)\" (\(revoked.role.rawValue))")
        }
    }
}
