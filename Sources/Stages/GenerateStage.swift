import Foundation
import OPFDataset
import Pipeline
import Slurm

/// `generate` (DESIGN.md §5): the in-distribution OPF dataset of a dataset
/// spec plus one file per named out-of-distribution split.
///
/// Outputs: `dataset.h5` and `ood-<split>.h5` for each entry of `splits`.
/// The spec, its system specs and their feeders are source files of the
/// stage, so editing any of them re-runs it. Solve times are not kept: cache
/// entries are byte-identical for the same seed, whatever the machine.
///
/// With `executor: slurm` each file is generated on Slurm as `SlurmGeneration`
/// does it (a job array of shards, then a merge job), every file's jobs submitted
/// before waiting for any; the merged files are renamed into the outputs only
/// when every merge succeeded. The same bytes as a local run, so the cache key
/// does not depend on the executor.
public struct GenerateStage: StageKind {
    /// The `p2pgrid` executable generation workers run (one per core).
    public let workerExecutable: String

    public init(workerExecutable: String) {
        self.workerExecutable = workerExecutable
    }

    public let name = "generate"
    public let codeVersion = "generate/2+" + DatasetWriter.codeVersion
    public let summary = "OPF dataset (and OOD splits) from a dataset spec: sample, clear the market, run the DSO's OPF"

    public var parameters: [ParameterSpec] {
        [
            ParameterSpec("spec", .string, summary: "dataset spec (YAML), relative to the pipeline file"),
            ParameterSpec("samples", .int(1...10_000_000), summary: "in-distribution samples"),
            ParameterSpec("oodSamples", .int(1...10_000_000), default: .int(1000), summary: "samples per OOD split"),
            ParameterSpec("splits", .list(of: .string, count: 0...64), default: .list([]),
                          summary: "OOD splits of the spec to generate, by name"),
        ]
    }

    public var inputs: [InputSlot] { [] }

    public var runsOnSlurm: Bool { true }

    public func outputs(for parameters: ParameterValues) -> [String] {
        ["dataset.h5"] + Self.splitNames(parameters).map { "ood-\($0).h5" }
    }

    /// Reads the spec for every requested split, so a bad spec or an unknown
    /// split is reported when the pipeline is validated, before anything runs.
    public func sourceFiles(for parameters: ParameterValues, in directory: String) throws -> [String] {
        let spec = Self.absolute(parameters.string("spec"), in: directory)
        var files: [String] = []
        for split in [nil] + Self.splitNames(parameters) {
            for file in try DatasetConfiguration(specFile: spec, split: split).sourceFiles where !files.contains(file) {
                files.append(file)
            }
        }
        return files
    }

    public func run(_ context: StageContext) throws {
        let spec = context.resolve(context.parameters.string("spec"))
        let workers = ProcessInfo.processInfo.activeProcessorCount
        let jobs: [(split: String?, samples: Int, output: String)] =
            [(nil, context.parameters.int("samples"), "dataset.h5")]
            + Self.splitNames(context.parameters).map { ($0, context.parameters.int("oodSamples"), "ood-\($0).h5") }
        if case let .slurm(settings) = context.execution {
            return try runOnSlurm(context, spec: spec, jobs: jobs, settings: settings)
        }
        let total = Double(jobs.reduce(0) { $0 + $1.samples })
        var done = 0.0
        for job in jobs {
            try context.checkCancellation()
            let configuration = try DatasetConfiguration(specFile: spec, split: job.split)
            let offset = done
            let dataset = try DatasetGenerator.generate(
                configuration, samples: job.samples, seed: context.seed, workers: workers, workerExecutable: workerExecutable,
                scratchParent: context.scratchDirectory, isCancelled: { context.isCancelled },
                progress: { progress in
                context.reportProgress(fraction: (offset + Double(progress.completed)) / total,
                                       message: "\(configuration.split): \(progress.completed)/\(progress.total) samples, "
                                           + String(format: "%.0f samples/s", progress.samplesPerSecond))
            })
            try DatasetWriter.write(dataset, to: try context.outputPath(job.output), timingsPath: nil)
            done += Double(job.samples)
        }
    }

    private func runOnSlurm(_ context: StageContext, spec: String, jobs: [(split: String?, samples: Int, output: String)],
                            settings: SlurmExecution) throws {
        let generations = try jobs.map { job in
            try SlurmGeneration(SlurmGeneration.Request(
                specFile: spec, split: job.split, samples: job.samples, seed: context.seed,
                shards: min(settings.shards, DatasetGenerator.blockCount(samples: job.samples)), options: settings.options,
                directory: "\(context.persistentDirectory)/\(job.split ?? DatasetConfiguration.inDistribution)",
                executable: workerExecutable))
        }
        // Submit every file's jobs first (they run side by side on the cluster), then follow them.
        let submissions = try generations.map { generation -> SlurmGeneration.Submission? in
            let plan = try generation.plan()
            let submission = try generation.submit(plan)
            let split = generation.configuration.split
            let note: String
            if let submission, plan.active == nil {
                note = submission.arrayJob.map {
                    "\(split): submitted shards \(SlurmBatchScript.arraySpec(submission.arrayIndices)) of 0-\(generation.request.shards - 1) (array job \($0)), merge job \(submission.mergeJob)"
                } ?? "\(split): submitted merge job \(submission.mergeJob)"
            } else {
                note = submission.map { "\(split): following jobs \($0.jobs.joined(separator: ", "))" } ?? "\(split): already merged"
            }
            context.note(note)
            return submission
        }
        let total = Double(jobs.reduce(0) { $0 + $1.samples })
        var done = 0.0
        for ((generation, submission), job) in zip(zip(generations, submissions), jobs) {
            if let submission {
                let offset = done
                do {
                    try generation.wait(for: submission, pollSeconds: settings.pollSeconds, isCancelled: { context.isCancelled }) { progress in
                        let fraction = Double(progress.shardsDone) / Double(max(1, progress.shards))
                        context.reportProgress(fraction: (offset + fraction * Double(job.samples)) / total,
                                               message: "\(generation.configuration.split) on Slurm: \(progress.line)")
                    }
                } catch SlurmError.interrupted {
                    try context.checkCancellation()
                }
            }
            done += Double(job.samples)
        }
        // Every merge succeeded: move the files into the outputs, then drop the shards.
        for (generation, job) in zip(generations, jobs) {
            let output = try context.outputPath(job.output)
            guard rename(generation.outputPath, output) == 0 else {
                throw DatasetError.output(file: generation.outputPath, message: "cannot move to \(output): \(String(cString: strerror(errno)))")
            }
        }
        try? FileManager.default.removeItem(atPath: context.persistentDirectory)
    }

    static func splitNames(_ parameters: ParameterValues) -> [String] {
        parameters.list("splits").compactMap { value in
            if case let .string(name) = value { return name }
            return nil
        }
    }

    static func absolute(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : ((directory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }
}
