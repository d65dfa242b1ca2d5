// swift-tools-version:6.0
// p2pgrid — grid-aware peer-to-peer energy trading among microgrids.
// Module layout follows DESIGN.md §1: system-library shims at the bottom,
// then HDF5Store / Grid → OPF → Market → Stages, with Learning beside them.
import PackageDescription

let package = Package(
    name: "p2pgrid",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "p2pgrid", targets: ["p2pgrid"]),
        .executable(name: "p2pgrid-bench", targets: ["p2pgrid-bench"]),
        .executable(name: "p2pgrid-fuzz", targets: ["p2pgrid-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // System-library shims (Debian: libhdf5-dev, coinor-libipopt-dev, libopenblas-dev + liblapacke-dev).
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CIpopt", path: "Sources/CIpopt", pkgConfig: "ipopt",
                       providers: [.apt(["coinor-libipopt-dev"])]),
        // OpenBLAS + LAPACKE: linked by tests and benchmarks only, as a reference (Learning has its own kernels).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),

        // Sparse symmetric indefinite LDLᵀ in C, plugged into Ipopt through its MA27 interface.
        .target(name: "SparseLDL"),
        // The BLAS routines Ipopt and MUMPS call, in a fixed order of operations, bound in place of
        // the CPU-dispatched libblas.so.3 so that OPF results do not depend on the CPU.
        .target(name: "FixedOrderBLAS"),

        // Elementary functions in pure Swift: the same bits on every CPU (glibc's libm is CPU-dispatched).
        .target(name: "PortableMath"),
        // exp, log, log10 and pow under their C names, bound in place of glibc's CPU-dispatched
        // variants for Ipopt (and every library in the process).
        // The executable must export them: Ipopt's references are versioned (pow@GLIBC_2.29), and the
        // linker exports a definition for a shared library's reference only when it is unversioned.
        .target(name: "PortableLibm", dependencies: ["PortableMath"],
                linkerSettings: [.unsafeFlags(["exp", "log", "log10", "pow"].flatMap { ["-Xlinker", "--export-dynamic-symbol=\($0)"] })]),
        // Float32 GEMM with one fixed summation order on every CPU (issue 14), for Learning.
        .target(name: "DenseKernels"),

        // Libraries.
        .target(name: "HDF5Store", dependencies: ["CHDF5"]),
        .target(name: "Grid", dependencies: ["PortableMath", "SeededRandom", .product(name: "Yams", package: "Yams")]),
        .target(name: "OPF", dependencies: ["Grid", "CIpopt", "SparseLDL", "FixedOrderBLAS", "PortableMath", "PortableLibm"]),
        .target(name: "SeededRandom", dependencies: ["PortableMath"]),
        .target(name: "Market", dependencies: ["Grid", "OPF", "SeededRandom", "PortableMath"]),
        .target(name: "OPFDataset", dependencies: ["Grid", "OPF", "Market", "HDF5Store"]),
        .target(name: "Learning", dependencies: ["HDF5Store", "DenseKernels", "SeededRandom", "PortableMath"]),
        .target(name: "Pipeline", dependencies: ["Slurm", .product(name: "Yams", package: "Yams"),
                                                 .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Slurm"),
        .target(name: "Stages", dependencies: ["Pipeline", "Slurm", "Market", "OPFDataset", "Learning", "HDF5Store", "Reporting", "SeededRandom", "PortableMath"]),
        .target(name: "Reporting", dependencies: ["PortableMath"]),
        .target(name: "ResultComparison", dependencies: ["HDF5Store", "Reporting"]),

        // Command line.
        .executableTarget(name: "p2pgrid", dependencies: [
            "HDF5Store", "Grid", "OPF", "Market", "OPFDataset", "Learning", "Pipeline", "Stages", "Reporting", "ResultComparison", "Slurm",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "p2pgrid-bench", dependencies: [
            "HDF5Store", "Grid", "OPF", "Market", "OPFDataset", "Learning", "DenseKernels", "CBLAS", "Pipeline", "SeededRandom", "PortableMath",
        ], path: "Sources/Benchmarks"),
        // Fuzz targets (issue 16): replays inputs in ordinary builds; `make fuzz` builds it with libFuzzer.
        .executableTarget(name: "p2pgrid-fuzz", dependencies: [
            "Grid", "OPF", "OPFDataset", "Learning", "Pipeline", "Stages", "HDF5Store",
        ], path: "Sources/Fuzz", swiftSettings: [.unsafeFlags(["-parse-as-library"])]),

        // Tests: one target per module, plus the command line run as a user would.
        .testTarget(name: "PortableMathTests", dependencies: ["PortableMath", "SeededRandom"]),
        .testTarget(name: "HDF5StoreTests", dependencies: ["HDF5Store", "CHDF5", "SeededRandom"]),
        .testTarget(name: "GridTests", dependencies: ["Grid"]),
        .testTarget(name: "SparseLDLTests", dependencies: ["SparseLDL", "CBLAS", "SeededRandom"]),
        .testTarget(name: "FixedOrderBLASTests", dependencies: ["FixedOrderBLAS", "CBLAS", "SeededRandom"]),
        .testTarget(name: "OPFTests", dependencies: ["OPF", "Grid", "CIpopt", "SeededRandom"]),
        .testTarget(name: "MarketTests", dependencies: ["Market", "OPF", "Grid", "SeededRandom"]),
        .testTarget(name: "OPFDatasetTests", dependencies: ["OPFDataset", "Market", "Grid", "HDF5Store"]),
        // CBLAS only as an independent reference for DenseKernels' products and solves.
        .testTarget(name: "LearningTests", dependencies: ["Learning", "HDF5Store", "DenseKernels", "CBLAS", "SeededRandom"]),
        .testTarget(name: "p2pgridTests", dependencies: ["p2pgrid", "HDF5Store"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Slurm"]),
        .testTarget(name: "SlurmTests", dependencies: ["Slurm"]),
        .testTarget(name: "ReportingTests", dependencies: ["Reporting"]),
        .testTarget(name: "ResultComparisonTests", dependencies: ["ResultComparison", "HDF5Store"]),
        .testTarget(name: "StagesTests", dependencies: ["Stages", "Pipeline", "Learning", "HDF5Store", "SeededRandom", "Reporting", "OPFDataset", "Market"]),
        // Test support, not a product: a runner with a test-only stage kind that
        // PipelineTests spawns and SIGKILLs to check crash-safety and locking.
        .executableTarget(name: "pipeline-crash-harness", dependencies: ["Pipeline"], path: "Tests/PipelineCrashHarness"),
    ],
    swiftLanguageModes: [.v6]
)
