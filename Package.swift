// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ImplicitKit",
    platforms: [.macOS(.v13)],
    // MARK: - Public products
    products: [
        .executable(name: "implicit", targets: ["implicit"]),
        .library(name: "ImplicitKit", targets: ["Linalg", "ImplicitModel", "ImplicitAnalysis", "ImplicitFormats", "ImplicitReport", "ImplicitTraining"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CLAPACK",
            path: "Sources/CLAPACK",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(name: "SystemZlib", path: "Sources/SystemZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Implementation targets
        .target(name: "Linalg", dependencies: ["CLAPACK"]),
        .target(name: "ImplicitModel", dependencies: ["Linalg"]),
        .target(name: "ImplicitAnalysis", dependencies: ["ImplicitModel", "Linalg"]),
        .target(name: "ImplicitReport", dependencies: ["ImplicitAnalysis", "ImplicitModel", "Linalg"]),
        .target(name: "ImplicitTraining", dependencies: ["ImplicitModel", "ImplicitAnalysis", "Linalg"]),
        .target(
            name: "ImplicitFormats",
            dependencies: [
                "ImplicitModel", "Linalg", "SystemZlib",
                .product(name: "Yams", package: "Yams"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .executableTarget(
            name: "implicit",
            dependencies: [
                "ImplicitModel", "ImplicitAnalysis", "ImplicitFormats", "ImplicitReport", "ImplicitTraining", "Linalg",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks
        // Started by scripts/bench.sh against the Python peers in Benchmarks/python.
        .executableTarget(
            name: "implicit-bench",
            dependencies: ["ImplicitModel", "ImplicitFormats", "ImplicitAnalysis", "Linalg"],
            path: "Benchmarks/ImplicitBenchmarks"
        ),

        // MARK: - Fuzz targets
        // libFuzzer entry points, one per importer, run by scripts/fuzz.sh (which builds them with
        // --sanitize=fuzzer). Each main.swift holds only the entry function, so a plain build
        // makes an executable that does nothing. Results: docs/reliability.md.
        .executableTarget(name: "FuzzYAML", dependencies: ["ImplicitFormats"], path: "Sources/Fuzz/YAML"),
        .executableTarget(name: "FuzzProtobuf", dependencies: ["ImplicitFormats"], path: "Sources/Fuzz/Protobuf"),
        .executableTarget(name: "FuzzONNX", dependencies: ["ImplicitFormats"], path: "Sources/Fuzz/ONNX"),
        .executableTarget(name: "FuzzNumPy", dependencies: ["ImplicitFormats"], path: "Sources/Fuzz/NumPy"),
        .executableTarget(name: "FuzzCSV", dependencies: ["ImplicitFormats"], path: "Sources/Fuzz/CSV"),

        // MARK: - Tests
        .target(name: "ImplicitTestSupport", dependencies: ["ImplicitModel", "Linalg"], path: "Tests/ImplicitTestSupport"),
        .testTarget(name: "LinalgTests", dependencies: ["ImplicitTestSupport", "Linalg"]),
        .testTarget(name: "ImplicitModelTests", dependencies: ["ImplicitTestSupport", "ImplicitModel", "Linalg"]),
        .testTarget(name: "ImplicitAnalysisTests", dependencies: ["ImplicitTestSupport", "ImplicitAnalysis", "ImplicitModel", "Linalg"]),
        // ZIPFoundation only here: the NPZ writer's archives are compared with the ones it wrote before.
        .testTarget(name: "ImplicitFormatsTests", dependencies: ["ImplicitTestSupport", "ImplicitFormats", "ImplicitModel", "Linalg",
                                                               .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                    exclude: ["Fixtures"]),
        .testTarget(name: "ImplicitReportTests", dependencies: ["ImplicitTestSupport", "ImplicitReport", "ImplicitAnalysis", "ImplicitFormats", "ImplicitModel", "Linalg"]),
        .testTarget(name: "ImplicitTrainingTests", dependencies: ["ImplicitTestSupport", "ImplicitTraining", "ImplicitModel", "Linalg"]),
        .testTarget(name: "CLITests", dependencies: ["implicit"], exclude: ["MalformedCorpus"]),
    ]
)
