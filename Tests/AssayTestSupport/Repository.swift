import Foundation

/// Paths of the repository and of built products, for tests that use real files and binaries.
public enum Repository {
    /// The repository root (the folder holding Package.swift), found from this file's path.
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path),
                FileManager.default.fileExists(atPath: url.appendingPathComponent("Fixtures").path)
            {
                return url
            }
            url.deleteLastPathComponent()
        }
        fatalError("test support: repository root not found above \(#filePath)")
    }()

    /// A file under `Fixtures/`.
    public static func fixture(_ relativePath: String) -> String {
        root.appendingPathComponent("Fixtures").appendingPathComponent(relativePath).path
    }

    /// A file of the public crowd data in `shared/datasets`, which sits beside the repository root (here and in CI's
    /// clone: `/work/main` and `/work/shared`; a worktree `/work/wt-x` finds the same `/work/shared`).
    public static func sharedDataset(_ relativePath: String) -> String {
        root.deletingLastPathComponent().appendingPathComponent("shared/datasets").appendingPathComponent(relativePath).path
    }

    /// The folder of the running test binary, where SwiftPM also puts the `assay` executable.
    public static let buildProducts: URL = {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // Swift Testing on Linux runs `<Package>PackageTests.xctest` from the products folder.
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("assay").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return executable.deletingLastPathComponent()
    }()

    /// The built `assay` executable.
    public static var assay: String { buildProducts.appendingPathComponent("assay").path }
}
