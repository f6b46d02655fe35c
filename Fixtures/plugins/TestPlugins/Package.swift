// swift-tools-version: 6.1
// Plugins for Assay's plugin-loader tests: one package, one build, several `.so` files,
// most of them deliberately broken. See README.md beside this file.
import PackageDescription

let api: Target.Dependency = .product(name: "AssayPluginAPI", package: "AssayPluginAPI")
let names = ["WrongABI", "MissingEntryPoint", "FatalRule", "SleepyRule", "ThrowingRule", "NoopRule", "HugeReply"]

let package = Package(
    name: "AssayTestPlugins",
    products: (names + ["NotAPlugin"]).map { .library(name: "Test\($0)", type: .dynamic, targets: [$0]) },
    dependencies: [.package(path: "../../../Plugins/AssayPluginAPI")],
    targets: names.map { .target(name: $0, dependencies: [api]) } + [.target(name: "NotAPlugin")]
)
