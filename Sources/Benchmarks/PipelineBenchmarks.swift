import Foundation
import Pipeline

/// Benchmark-only stage kind: writes `bytes` deterministic bytes, so the
/// runner's own overhead (keys, locking, contract check, hashing, renames,
/// records, manifest) dominates.
private struct ByteWriterStage: StageKind {
    let name = "bytes"
    let codeVersion = "1"
    let summary = "benchmark: writes deterministic bytes"
    let parameters = [ParameterSpec("bytes", .int(0...(1 << 30)), summary: "output size")]
    let inputs = [InputSlot("after", accepts: ["bytes"], .any)]

    func outputs(for parameters: ParameterValues) -> [String] {
        ["data.bin"]
    }

    func run(_ context: StageContext) throws {
        let count = context.parameters.int("bytes")
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ Int(context.seed & 0xff)) }
        try Data(bytes).write(to: URL(fileURLWithPath: try context.outputPath("data.bin")))
    }
}

/// A chain-and-fan pipeline of `stages` byte writers: each stage needs the one before it and the first.
private func benchmarkPipeline(stages: Int, bytes: Int) -> String {
    var yaml = "pipeline: bench\nseed: 1\nstages:\n  s0:\n    kind: bytes\n    params: {bytes: \(bytes)}\n"
    for index in 1..<stages {
        let needs = index == 1 ? "[s0]" : "[s0, s\(index - 1)]"
        yaml += "  s\(index):\n    kind: bytes\n    needs: \(needs)\n    params: {bytes: \(bytes)}\n"
    }
    return yaml
}

/// `pipeline` suite: SHA-256 throughput, spec validation, and the runner's
/// cold and fully cached runs (issue 7: an unchanged pipeline re-runs in under 2 s).
let pipelineSuite = BenchmarkSuite(name: "pipeline", summary: "spec parsing, cache keys, SHA-256, cold and cached runs") {
    let scratch = FileManager.default.temporaryDirectory.path + "/p2pgrid-bench-pipeline-\(getpid())"
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let registry = StageRegistry([ByteWriterStage()])
    let stageCount = 20
    let stageBytes = 1 << 20
    let file = scratch + "/bench.yaml"
    try benchmarkPipeline(stages: stageCount, bytes: stageBytes).write(toFile: file, atomically: true, encoding: .utf8)
    let versions = ToolVersions(swift: ToolVersions.compilerVersion, hdf5: "-", ipopt: "-", openblas: "-", gitCommit: nil, gitDirty: nil)

    let hashInput = [UInt8](repeating: 0x5a, count: 16 << 20)
    let hashing = measure(iterations: 5) { _ = ContentDigest.hexDigest(of: hashInput) }

    let parsing = try measure(iterations: 20) { _ = try PipelineSpecParser(registry: registry).parse(file: file) }
    let spec = try PipelineSpecParser(registry: registry).parse(file: file)
    let keys = measure(iterations: 20) { _ = CacheKey.keys(for: spec) }

    var coldRun = 0
    let cold = try measure(iterations: 3, warmup: 0) {
        coldRun += 1
        try PipelineRunner(spec: spec, workDirectory: "\(scratch)/cold-\(coldRun)", options: RunOptions(jobs: 2), versions: versions).run()
    }
    let cached = try measure(iterations: 10) {
        try PipelineRunner(spec: spec, workDirectory: "\(scratch)/cold-1", options: RunOptions(jobs: 2), versions: versions).run()
    }
    let planning = try measure(iterations: 10) {
        _ = try PipelineRunner(spec: spec, workDirectory: "\(scratch)/cold-1", versions: versions).plan()
    }
    let cachedWithVersions = try measure(iterations: 5) {
        let spec = try PipelineSpecParser(registry: registry).parse(file: file)
        try PipelineRunner(spec: spec, workDirectory: "\(scratch)/cold-1", options: RunOptions(jobs: 2),
                           versions: ToolVersions.detect(repository: ".")).run()
    }

    func row(_ label: String, _ samples: TimingSamples, _ note: String = "") -> String {
        "| \(label) | \(formatDuration(samples.median)) | \(formatDuration(samples.minimum)) | \(formatDuration(samples.iqr)) | \(samples.seconds.count) | \(note) |"
    }
    let throughput = Double(hashInput.count) / hashing.median / 1_048_576
    return """
        # Benchmark: pipeline

        Machine: \(machineDescription()); load average before the run: \(loadAverage()).
        Pipeline: \(stageCount) stages of a benchmark-only kind writing \(stageBytes / 1024) KiB each; stage i needs s0 and s(i-1); `--jobs 2`.

        | measurement | median | min | IQR | samples | note |
        |---|---|---|---|---|---|
        \(row("SHA-256 of 16 MiB (swift-crypto)", hashing, String(format: "%.0f MiB/s", throughput)))
        \(row("parse + validate \(stageCount)-stage spec", parsing))
        \(row("cache keys of \(stageCount) stages", keys))
        \(row("cold run (all stages miss)", cold, "includes writing and hashing \(stageCount) MiB"))
        \(row("plan against a full cache (`--dry-run`)", planning))
        \(row("re-run, all cached", cached, "issue 7 target: < 2 s"))
        \(row("re-run, all cached, as the CLI does it", cachedWithVersions, "parse + pkg-config/git version probes + run"))

        """
}
