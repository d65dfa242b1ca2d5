import Foundation

/// `shards`: sharded generation as Slurm runs it (one `generate --shard I/N
/// --threads 1` process per core), 1 shard against 2 side by side on this
/// machine, the merge's time, and what a 500,000-sample dataset costs in
/// core-hours at the measured per-core rate (docs/cluster.md quotes this file).
let shardedGenerateSuite = BenchmarkSuite(
    name: "shards",
    summary: "sharded generation (generate --shard, one core per shard) and merge, 33-bus and 69-bus, core-hours for 500,000 samples"
) {
    let executable = try siblingExecutable("p2pgrid")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("p2pgrid-bench-shards-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let environment = ProcessInfo.processInfo.environment
    let cases: [(label: String, split: String?, samples: Int)] = [
        ("33-bus (`ieee33-stressed`, in-distribution)", nil, Int(environment["P2PGRID_BENCH_SHARD_SAMPLES_33"] ?? "") ?? 2000),
        ("69-bus (`ieee33-stressed`, split `ood_feeder`)", "ood_feeder", Int(environment["P2PGRID_BENCH_SHARD_SAMPLES_69"] ?? "") ?? 400),
    ]
    let target = 500_000.0
    let loadBefore = loadAverage()
    var rows: [String] = []
    var costs: [String] = []
    for (number, item) in cases.enumerated() {
        let base = ["generate", "--spec", "Datasets/specs/ieee33-stressed.yaml", "--samples", "\(item.samples)", "--seed", "1",
                    "--threads", "1"] + (item.split.map { ["--split", $0] } ?? [])
        let whole = directory.appendingPathComponent("whole-\(number).h5").path
        let single = try timedProcesses(executable, [base + ["--out", whole]])
        let parts = (0..<2).map { directory.appendingPathComponent("part-\(number)-\($0).h5").path }
        let pair = try timedProcesses(executable, (0..<2).map { base + ["--shard", "\($0)/2", "--out", parts[$0]] })
        let merged = directory.appendingPathComponent("merged-\(number).h5").path
        let merge = try timedProcesses(executable, [["merge"] + parts + ["--out", merged]])
        let identical = FileManager.default.contents(atPath: merged) == FileManager.default.contents(atPath: whole)
        let perCore1 = Double(item.samples) / single
        let perCore2 = Double(item.samples) / pair / 2
        rows.append("| \(item.label) | \(item.samples) | \(String(format: "%.0f", perCore1)) | \(formatDuration(pair)) | "
                    + "\(String(format: "%.0f", Double(item.samples) / pair)) (\(String(format: "%.0f", perCore2)) per core) | "
                    + "\(String(format: "%.2f", perCore2 / perCore1)) | \(formatDuration(merge)) | \(identical ? "yes" : "**no**") |")
        let coreHours = target / perCore2 / 3600
        let mergeEstimate = merge * target / Double(item.samples)
        costs.append("| \(item.label) | \(String(format: "%.0f", perCore2)) | \(String(format: "%.1f", coreHours)) | "
                     + "\(String(format: "%.0f", coreHours * 60 / 64)) min on 64 cores (64 shards) | ~\(formatDuration(mergeEstimate)) |")
    }
    return """
        # shards

        Sharded dataset generation as a Slurm job array runs it: every shard is one
        `p2pgrid generate --shard I/N --threads 1` process on one core (`--cpus-per-task=1`).
        "1 shard" is the whole dataset in one process; "2 shards" are the two halves in two
        processes side by side on this machine's two cores (what two array tasks on one node
        do); then `p2pgrid merge` joins them, and the merged file is compared byte for byte with
        the one-process file. Seed 1, release build.

        Machine: \(machineDescription()); load average before the run: \(loadBefore), after: \(loadAverage()).

        | dataset | samples | 1 shard: samples/s (one core) | 2 shards: wall | 2 shards: samples/s | per-core efficiency (2 vs 1) | merge | merged = one run |
        |---|---|---|---|---|---|---|---|
        \(rows.joined(separator: "\n"))

        ## What 500,000 samples cost

        From the per-core rate of the two-shard run (two shards sharing a node, as on a cluster),
        500,000 samples / rate / 3600 s. The merge reads and rewrites the whole file on one core;
        its time is the measured merge scaled linearly to 500,000 samples (an estimate: it is
        dominated by reading and deflating the columns, which grows with the samples).

        | dataset | samples/s per core | core-hours | generation wall time | merge (estimated) |
        |---|---|---|---|---|
        \(costs.joined(separator: "\n"))
        """
}

/// Runs the `p2pgrid` commands side by side; returns the wall time until the last ends.
private func timedProcesses(_ executable: String, _ commands: [[String]]) throws -> Double {
    let start = ContinuousClock.now
    let processes = try commands.map { arguments -> Process in
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
    for process in processes { process.waitUntilExit() }
    let elapsed = ContinuousClock.now - start
    for (process, arguments) in zip(processes, commands) where process.terminationStatus != 0 {
        throw BenchmarkFailure(message: "p2pgrid \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

private struct BenchmarkFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
