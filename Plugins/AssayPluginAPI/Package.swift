// swift-tools-version: 6.1
// The Assay rule plugin API: the only module a rule author depends on.
//
// It is a `.dynamic` library product of its own package on purpose: the host
// (assay, assay-rule-runner) and every plugin must share ONE copy of this
// module's type metadata at run time (see Docs/plugins.md).
import PackageDescription

let package = Package(
    name: "AssayPluginAPI",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "AssayPluginAPI", type: .dynamic, targets: ["AssayPluginAPI"])
    ],
    targets: [
        .target(
            name: "AssayPluginAPI",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        )
    ]
)
