// swift-tools-version: 6.1
// Assay: guards the human feedback used to train reward models.
import PackageDescription

/// Every target compiles in the Swift 6 language mode (strict concurrency).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "Assay",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assay", targets: ["AssayCLI"]),
        .library(name: "AssayModel", targets: ["AssayModel"]),
        .library(name: "AssayStore", targets: ["AssayStore"]),
        .library(name: "AssayStorePostgres", targets: ["AssayStorePostgres"]),
        .library(name: "AssayIngest", targets: ["AssayIngest"]),
        .library(name: "AssayConsensus", targets: ["AssayConsensus"]),
        .library(name: "AssayCrypto", targets: ["AssayCrypto"]),
        .library(name: "AssayAttestation", targets: ["AssayAttestation"]),
        .library(name: "AssayPlugins", targets: ["AssayPlugins"]),
        .library(name: "AssayReport", targets: ["AssayReport"]),
        .library(name: "AssayServer", targets: ["AssayServer"]),
        .executable(name: "assay-rule-runner", targets: ["AssayRuleRunner"]),
        // Built-in rule plugins: shared libraries loaded at run time (Docs/plugins.md).
        .library(name: "AssayRuleSpeed", type: .dynamic, targets: ["AssayRuleSpeed"]),
        .library(name: "AssayRuleShownPosition", type: .dynamic, targets: ["AssayRuleShownPosition"]),
        .library(name: "AssayRuleDuplicates", type: .dynamic, targets: ["AssayRuleDuplicates"]),
        .library(name: "AssayRuleStraightLining", type: .dynamic, targets: ["AssayRuleStraightLining"]),
        .library(name: "AssayRuleLengthBias", type: .dynamic, targets: ["AssayRuleLengthBias"]),
        .library(name: "AssayRuleGold", type: .dynamic, targets: ["AssayRuleGold"]),
        .library(name: "AssayRuleGoldGaming", type: .dynamic, targets: ["AssayRuleGoldGaming"]),
        .library(name: "AssayRuleCollusionRings", type: .dynamic, targets: ["AssayRuleCollusionRings"]),
        .library(name: "AssayRuleTriggerBackdoor", type: .dynamic, targets: ["AssayRuleTriggerBackdoor"]),
        .library(name: "AssayRuleEntityPromotion", type: .dynamic, targets: ["AssayRuleEntityPromotion"]),
        .library(name: "AssayRuleSybilBurst", type: .dynamic, targets: ["AssayRuleSybilBurst"]),
        .library(name: "AssayEvaluate", targets: ["AssayEvaluate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The plugin API is its own package with a dynamic library product, so host and
        // plugins share one copy of its type metadata (shared/notes/plugins.md).
        .package(path: "Plugins/AssayPluginAPI"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already a dependency of Hummingbird; named here for NIOThreadPool (the service's blocking-work lanes).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // The PostgreSQL backend (AssayStorePostgres): several service nodes on one database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Server-rendered HTML for the reviewers' console (Sources/AssayServer/Console).
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: System libraries
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // MARK: Core libraries
        .target(name: "AssayCrypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "AssayAttestation", dependencies: ["AssayCrypto", "AssayModel"], swiftSettings: strict),
        .target(name: "AssayModel", dependencies: ["AssayCrypto"], swiftSettings: strict),
        .target(name: "AssayConsensus", swiftSettings: strict),
        .target(
            name: "AssayReport", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")], swiftSettings: strict),
        .target(
            name: "AssayStore",
            dependencies: [
                "AssayModel", "AssayCrypto",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AssayStorePostgres",
            dependencies: [
                "AssayModel", "AssayCrypto", "AssayStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "AssaySimulator", dependencies: ["AssayModel"], swiftSettings: strict),
        .target(
            name: "AssayIngest",
            dependencies: [
                "AssayModel", "AssayStore", "AssayCrypto", "AssayConsensus",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Rule plugins
        .target(
            name: "AssayPlugins",
            dependencies: [
                "AssayCrypto",
                "AssayModel",
                .product(name: "AssayPluginAPI", package: "AssayPluginAPI"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "AssayRuleRunner", dependencies: ["AssayPlugins"], swiftSettings: strict),
        .target(
            name: "AssayRuleSpeed", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/Speed", swiftSettings: strict),
        .target(
            name: "AssayRuleShownPosition", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/ShownPosition", swiftSettings: strict),
        .target(
            name: "AssayRuleDuplicates", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/Duplicates", swiftSettings: strict),
        .target(
            name: "AssayRuleStraightLining", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/StraightLining", swiftSettings: strict),
        .target(
            name: "AssayRuleLengthBias", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/LengthBias", swiftSettings: strict),
        .target(
            name: "AssayRuleGold", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/Gold", swiftSettings: strict),
        .target(
            name: "AssayRuleGoldGaming", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/GoldGaming", swiftSettings: strict),
        .target(
            name: "AssayRuleCollusionRings", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/CollusionRings", swiftSettings: strict),
        .target(
            name: "AssayRuleTriggerBackdoor", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/TriggerBackdoor", swiftSettings: strict),
        .target(
            name: "AssayRuleEntityPromotion", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/EntityPromotion", swiftSettings: strict),
        .target(
            name: "AssayRuleSybilBurst", dependencies: [.product(name: "AssayPluginAPI", package: "AssayPluginAPI")],
            path: "Plugins/Rules/SybilBurst", swiftSettings: strict),
        .target(name: "AssayEvaluate", dependencies: ["AssayModel", "AssaySimulator", "AssayConsensus", "AssayIngest"], swiftSettings: strict),

        // MARK: The cleaning run
        .target(
            name: "AssayClean",
            dependencies: [
                "AssayModel", "AssayStore", "AssayIngest", "AssayConsensus", "AssayCrypto", "AssayAttestation", "AssayPlugins",
                "AssayReport", .product(name: "AssayPluginAPI", package: "AssayPluginAPI"),
            ],
            swiftSettings: strict
        ),

        // MARK: The service
        .target(
            name: "AssayServer",
            dependencies: [
                "AssayModel", "AssayStore", "AssayIngest", "AssayCrypto", "AssayReport", "AssayAttestation", "AssayEvaluate", "AssayClean",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict,
            plugins: [.plugin(name: "EmbedOpenAPI")]
        ),
        // Docs/openapi.yaml is the one source of the service's description: embedded at build time.
        .executableTarget(name: "EmbedText", path: "Sources/AssayBuildTools/EmbedText", swiftSettings: strict),
        .plugin(name: "EmbedOpenAPI", capability: .buildTool(), dependencies: ["EmbedText"]),

        // MARK: The command-line tool
        .executableTarget(
            name: "AssayCLI",
            dependencies: [
                "AssayModel", "AssayStore", "AssayIngest", "AssayConsensus", "AssayCrypto", "AssaySimulator", "AssayAttestation", "AssayPlugins",
                "AssayClean", "AssayEvaluate", "AssayServer", "AssayStorePostgres",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: Tests
        .target(name: "AssayTestSupport", path: "Tests/AssayTestSupport", swiftSettings: strict),
        .testTarget(name: "AssayCryptoTests", dependencies: ["AssayCrypto", "AssayTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "AssayAttestationTests", dependencies: ["AssayAttestation", "AssayCrypto", "AssayModel", "AssayTestSupport"], swiftSettings: strict),
        .testTarget(name: "AssayModelTests", dependencies: ["AssayModel", "AssayConsensus", "AssayTestSupport"], swiftSettings: strict),
        .testTarget(name: "AssayConsensusTests", dependencies: ["AssayConsensus", "AssayIngest"], swiftSettings: strict),
        .testTarget(
            name: "AssayStoreTests",
            dependencies: ["AssayStore", "AssayStorePostgres", "AssayModel", "AssayIngest", "AssayCrypto", "AssayTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AssayIngestTests", dependencies: ["AssayIngest", "AssayStore", "AssayModel", "AssayConsensus", "AssayTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "AssayPluginsTests",
            dependencies: [
                "AssayPlugins", "AssayModel", "AssayCrypto", "AssayConsensus", "AssayTestSupport",
                .product(name: "AssayPluginAPI", package: "AssayPluginAPI"),
            ],
            swiftSettings: strict),
        .testTarget(name: "AssayEvaluateTests", dependencies: ["AssayEvaluate", "AssayModel", "AssayTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "AssayReportTests",
            dependencies: ["AssayReport", .product(name: "AssayPluginAPI", package: "AssayPluginAPI")], swiftSettings: strict),
        .testTarget(
            name: "AssayCleanTests",
            dependencies: [
                "AssayStore", "AssayModel", "AssayClean", "AssayAttestation", "AssayCrypto", "AssayConsensus", "AssayTestSupport",
                .product(name: "AssayPluginAPI", package: "AssayPluginAPI"),
            ],
            swiftSettings: strict),
        // Rule tests link every rule into one binary; each rule exports the same three plugin entry
        // points (C symbols), which the tests never call, so duplicates are allowed here only.
        .testTarget(
            name: "AssayRulesTests",
            dependencies: [
                "AssayRuleSpeed", "AssayRuleShownPosition", "AssayRuleDuplicates", "AssayRuleStraightLining", "AssayRuleLengthBias", "AssayRuleGold",
                "AssayRuleGoldGaming", "AssayRuleCollusionRings", "AssayRuleTriggerBackdoor", "AssayRuleEntityPromotion", "AssayRuleSybilBurst",
                .product(name: "AssayPluginAPI", package: "AssayPluginAPI"), "AssaySimulator", "AssayEvaluate", "AssayModel",
                "AssayClean", "AssayConsensus", "AssayTestSupport",
            ],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-Xlinker", "--allow-multiple-definition"], .when(platforms: [.linux]))]),
        .testTarget(
            name: "AssayServerTests",
            dependencies: [
                "AssayServer", "AssayStore", "AssayStorePostgres", "AssayModel", "AssayAttestation", "AssayCrypto", "AssayTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict),
        .testTarget(name: "AssayCLITests", dependencies: ["AssayStore", "AssayModel", "AssayCrypto", "AssayTestSupport"], swiftSettings: strict),
    ]
)
