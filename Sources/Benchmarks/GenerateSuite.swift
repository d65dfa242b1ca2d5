import Foundation
import OPFDataset

/// `generate`: dataset generation throughput on the stressed 33-bus spec,
/// with the time split between market clearing, the DSO OPF and HDF5 output.
let generateSuite = BenchmarkSuite(
    name: "generate",
    summary: "OPF dataset generation, stressed 33-bus spec, all cores"
) {
    let spec = "Datasets/specs/ieee33-stressed.yaml"
    let samples = Int(ProcessInfo.processInfo.environment["P2PGRID_BENCH_GENERATE_SAMPLES"] ?? "") ?? 2000
    let workers = ProcessInfo.processInfo.activeProcessorCount
    let configuration = try DatasetConfiguration(specFile: spec)
    let dataset = try DatasetGenerator.generate(configuration, samples: samples, seed: 1, workers: workers,
                                                workerExecutable: try siblingExecutable("p2pgrid"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("stressed.h5").path
    let writing = try measure(iterations: 1, warmup: 0) { try DatasetWriter.write(dataset, to: path, timingsPath: nil) }
    let summary = dataset.summary
    let perSample = { (seconds: Double) in formatDuration(seconds / Double(samples)) }
    let cpu = summary.marketSeconds + summary.opfSeconds
    return """
        # generate

        `DatasetGenerator` on `\(spec)` (κ = 10), \(samples) samples, seed 1, \(summary.workers) worker processes,
        release build. Wall time covers sampling, market clearing and the DSO's OPF for every sample;
        writing the HDF5 file is timed separately.

        Machine: \(machineDescription()); load average before the run: \(loadAverage()).

        | measure | value |
        |---|---|
        | samples/s (generation, wall) | \(String(format: "%.0f", summary.samplesPerSecond)) |
        | wall time, generation | \(formatDuration(summary.wallSeconds)) |
        | HDF5 write (whole file) | \(formatDuration(writing.median)) |
        | market clearing per sample (CPU) | \(perSample(summary.marketSeconds)) (\(String(format: "%.0f", 100 * summary.marketSeconds / cpu)) % of solve time) |
        | DSO OPF per sample (CPU) | \(perSample(summary.opfSeconds)) (\(String(format: "%.0f", 100 * summary.opfSeconds / cpu)) % of solve time) |
        | OPF status | \(summary.statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) |
        | samples with a curtailed trade | \(String(format: "%.1f %%", 100 * summary.curtailedShare)) |

        Target (issue 5): ≥ 200 samples/s on 2 cores (20,000 samples in under 100 s).
        """
}
