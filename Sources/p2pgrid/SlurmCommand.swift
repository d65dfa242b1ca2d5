import ArgumentParser
import Foundation
import OPFDataset
import Pipeline
import Slurm
import Stages

/// `p2pgrid slurm …`: work handed to a Slurm cluster (DESIGN.md §10).
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Run work on a Slurm cluster: sharded dataset generation as a job array plus a merge job.",
        subcommands: [SlurmGenerateCommand.self]
    )
}

/// `p2pgrid slurm generate --spec S --samples N --seed K --shards M --out DIR …`.
struct SlurmGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate a dataset on Slurm: one array task per shard, then a merge job (afterok).",
        discussion: """
            Writes DIR/generate.sbatch (a job array, task I runs `p2pgrid generate --shard I/M`) and \
            DIR/merge.sbatch (`p2pgrid merge`, submitted with --dependency=afterok on the array), submits \
            both with sbatch and, with --wait, follows them (squeue) until DIR/dataset.h5 exists. The merged \
            file is byte-identical to `p2pgrid generate` with the same spec, split, seed and samples.

            Run the same command again to resume: shards already in DIR/shards that are valid shards of this \
            request are kept and only the missing or broken ones are submitted (then the merge); while the \
            last submission's jobs are still queued or running nothing is submitted and --wait follows them. \
            Logs: DIR/logs/shard-I-jobA.log and DIR/logs/merge-jobJ.log.

            Run this on a login node, from a p2pgrid build and a spec on a file system the compute nodes \
            see (the scripts call this executable by its absolute path). See docs/cluster.md.

            Exit status: 0 submitted (or, with --wait, the dataset is there; or nothing was left to do), \
            1 a task or the merge failed (its job id, array index and log are printed) or Slurm refused, \
            2 bad input (spec, options, shard count).
            """
    )

    @OptionGroup var dataset: DatasetRequestOptions

    @Option(name: .long, help: "Number of shards = array tasks (each a contiguous run of 16-sample blocks).")
    var shards: Int

    @Option(name: .long, help: "Directory for scripts, shards, logs and the merged DIR/dataset.h5.")
    var out: String

    @Option(name: .long, help: "Slurm partition (default: the cluster's default).")
    var partition: String?

    @Option(name: .long, help: "Time limit per task, HH:MM:SS (default: the partition's).")
    var time: String?

    @Option(name: .long, help: "Cores per task; each task runs that many generation workers.")
    var cpusPerTask: Int = 1

    @Option(name: .long, help: "Memory per core in MB (default: the cluster's).")
    var memPerCpu: Int?

    @Option(name: .long, help: "Account to charge (default: yours).")
    var account: String?

    @Flag(name: .long, help: "Print the scripts and sbatch commands; submit nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Follow the jobs until the merged dataset exists (exit 1 if a task fails).")
    var wait = false

    @Option(name: .long, help: "Seconds between squeue polls with --wait.")
    var poll: Double = 2

    func run() throws {
        let generation: SlurmGeneration
        do {
            generation = try SlurmGeneration(SlurmGeneration.Request(
                specFile: dataset.spec, split: dataset.split, samples: dataset.samples, seed: dataset.seed, shards: shards,
                options: SlurmJobOptions(partition: partition, time: time, cpusPerTask: cpusPerTask, memPerCPUMB: memPerCpu, account: account),
                directory: out, executable: RunningExecutable.path))
            guard poll > 0, poll.isFinite else { throw SlurmError.invalidOption(name: "--poll", message: "\(poll) must be a positive number of seconds") }
        } catch {
            PowerFlowCommand.fail("p2pgrid slurm generate: \(error)")
            throw ExitCode(2)
        }
        do {
            let plan = try generation.plan()
            if dryRun {
                printDryRun(generation, plan)
                return
            }
            if plan.isComplete {
                print("nothing to do: \(generation.outputPath) is already the requested dataset")
                return
            }
            let submission: SlurmGeneration.Submission
            if let active = plan.active {
                print("still queued or running from the last submission: " + describe(active))
                submission = active
            } else {
                for (index, reason) in plan.shardsToRun where reason != "missing" {
                    print("shard \(index)/\(shards): \(reason): generating it again")
                }
                guard let submitted = try generation.submit(plan) else { return }
                let kept = shards - submitted.tasks.count
                print("submitted " + describe(submitted) + (kept > 0 ? "; \(kept) valid shards kept" : ""))
                submission = submitted
            }
            guard wait else {
                print("follow with: p2pgrid slurm generate … --wait (the same options), or squeue -j \(submission.jobs.joined(separator: ","))")
                return
            }
            let line = ProgressLine(label: "slurm \(generation.configuration.spec.name)/\(generation.configuration.split)")
            let interrupted = CancellationFlag()
            let trap = SignalTrap(cancelling: interrupted) { _ in }
            defer { withExtendedLifetime(trap) {} }
            try generation.wait(for: submission, pollSeconds: poll, isCancelled: { interrupted.isCancelled }, progress: { progress in
                line.note(progress.line, elapsed: progress.elapsedSeconds)
            })
            line.finish()
            print("wrote \(generation.outputPath) (\(dataset.samples) samples from \(shards) shards)")
        } catch let error as SlurmError {
            FileHandle.standardError.write(Data("\n".utf8))
            PowerFlowCommand.fail("p2pgrid slurm generate: \(error)")
            if case .interrupted = error { throw ExitCode(130) }
            throw ExitCode(1)
        } catch {
            PowerFlowCommand.fail("p2pgrid slurm generate: \(error)")
            throw ExitCode(1)
        }
    }

    private func describe(_ submission: SlurmGeneration.Submission) -> String {
        var parts: [String] = []
        if let array = submission.arrayJob {
            parts.append("array job \(array) (shards \(SlurmBatchScript.arraySpec(submission.arrayIndices)) of 0-\(shards - 1))")
        }
        let kept = submission.tasks.filter { $0.arrayJob != submission.arrayJob }
        if !kept.isEmpty { parts.append("still running from before: " + kept.map(\.name).joined(separator: ", ")) }
        parts.append("merge job \(submission.mergeJob)")
        return parts.joined(separator: ", ")
    }

    private func printDryRun(_ generation: SlurmGeneration, _ plan: SlurmGeneration.Plan) {
        if plan.isComplete {
            print("# nothing to do: \(generation.outputPath) is already the requested dataset")
            return
        }
        if let active = plan.active {
            print("# the last submission is still queued or running: " + describe(active))
            return
        }
        let indices = plan.shardsToRun.map(\.index)
        if !indices.isEmpty {
            print("# \(generation.arrayScriptPath)")
            print(generation.arrayScript(indices: indices).text)
        }
        print("# \(generation.mergeScriptPath)")
        print(generation.mergeScript().text)
        print("# would run:")
        for command in generation.submissionCommands(plan) { print(command) }
    }
}
