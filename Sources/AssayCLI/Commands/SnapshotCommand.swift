import ArgumentParser
import AssayStore

/// `assay snapshot create|list|verify`: named, digested views of the stored ratings.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Create, list and re-check named snapshots of the stored ratings.",
        subcommands: [Create.self, List.self, Verify.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Freeze every rating stored so far (or up to a batch) under a name.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The snapshot name.")
        var name: String

        @Option(help: "Include ratings up to and including this batch id only.")
        var upToBatch: String?

        @Option(help: "Actor recorded in the audit log (default: the OS user).")
        var actor: String?

        func run() throws {
            let snapshot = try store.open().createSnapshot(name: name, upToBatch: upToBatch, actor: actor ?? Console.osUser)
            print(
                "snapshot \(snapshot.name): \(Console.count(snapshot.ratings)) ratings, \(Console.count(snapshot.items)) items, "
                    + "\(Console.count(snapshot.annotators)) annotators, watermark \(snapshot.watermark), sha256 \(snapshot.digest)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List snapshots.")

        @OptionGroup var store: StoreOptions

        func run() throws {
            for snapshot in try store.open().snapshots() {
                print(
                    "\(snapshot.name)\t\(snapshot.createdAt)\t\(snapshot.ratings) ratings\twatermark \(snapshot.watermark)\tsha256 \(snapshot.digest)"
                )
            }
        }
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recompute a snapshot's digest from the stored ratings.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The snapshot name.")
        var name: String

        func run() throws {
            let store = try store.open()
            let snapshot = try store.snapshot(named: name)
            let digest = try store.computeSnapshotDigest(watermark: snapshot.watermark)
            guard digest.digest == snapshot.digest, digest.ratings == snapshot.ratings else {
                Console.error("snapshot \(name) CHANGED: recorded sha256 \(snapshot.digest), now \(digest.digest)")
                throw ExitCode(1)
            }
            print("snapshot \(name) OK: sha256 \(digest.digest), \(Console.count(digest.ratings)) ratings")
        }
    }
}
