// swift-tools-version: 6.1
// An out-of-tree Assay rule plugin: a package of its own that depends only on the plugin API.
// Build: swift build -c release   →   .build/release/libExampleGoldRule.so
import PackageDescription

let package = Package(
    name: "ExampleGoldRule",
    products: [
        // `.dynamic`: the product is the plugin file Assay loads.
        .library(name: "ExampleGoldRule", type: .dynamic, targets: ["ExampleGoldRule"])
    ],
    dependencies: [
        // Point this at your Assay checkout's Plugins/AssayPluginAPI.
        .package(path: "../../../Plugins/AssayPluginAPI")
    ],
    targets: [
        .target(name: "ExampleGoldRule", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")]),
        // Unit tests of the rule itself: `swift test` here (not needed to build the plugin).
        .testTarget(name: "ExampleGoldRuleTests", dependencies: ["ExampleGoldRule"]),
    ]
)
