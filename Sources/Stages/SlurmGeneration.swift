import Foundation
import OPFDataset
import Slurm

/// A dataset generated on Slurm (DESIGN.md §10): a job array with one task per
/// shard (`p2pgrid generate --shard I/N`) and a merge job that runs after every
/// task succeeded (`afterok`), all in one directory:
///
///     DIR/generate.sbatch             the job array's script
///     DIR/merge.sbatch                the merge job's script
///     DIR/shards/part-<i>.h5          shard i (+ .timings.h5)
///     DIR/logs/shard-<i>-job<A>.log   task i's output in array job A
///     DIR/logs/merge-job<J>.log       the merge job's output
///     DIR/submission.json             the job ids of the last submission
///     DIR/dataset.h5                  the merged dataset (+ .timings.h5)
///
/// Running the same request again resumes: shards whose file is a valid shard
/// of this request are kept, and so are the last submission's tasks still queued
/// or running; only the other shards are submitted, with a new merge job after
/// them and the kept tasks (`afterok:<array>:<job>_<i>…`). When nothing is left
/// to submit and the last merge job is still on its way, it is followed instead.
public struct SlurmGeneration: Sendable {
    /// What to generate and how to ask Slurm for it.
    public struct Request: Sendable {
        /// Dataset spec (absolute, or relative to the current directory).
        public var specFile: String
        public var split: String?
        public var samples: Int
        public var seed: UInt64
        public var shards: Int
        public var options: SlurmJobOptions
        /// The run's directory (created).
        public var directory: String
        /// The `p2pgrid` executable the jobs run; on a cluster it must be on a file system every node sees.
        public var executable: String

        public init(specFile: String, split: String?, samples: Int, seed: UInt64, shards: Int, options: SlurmJobOptions,
                    directory: String, executable: String) {
            self.specFile = specFile
            self.split = split
            self.samples = samples
            self.seed = seed
            self.shards = shards
            self.options = options
            self.directory = directory
            self.executable = executable
        }
    }

    /// What a submission will do.
    public struct Plan: Sendable {
        /// Shards to (re)generate, with why (`missing`, or what is wrong with the file there).
        public var shardsToRun: [(index: Int, reason: String)]
        /// Tasks of the last submission still queued or running: kept, and waited for.
        public var runningTasks: [ShardTask]
        /// Whether the merged dataset must be (re)made.
        public var mergeNeeded: Bool
        /// The last submission, when it is still on its way with nothing to add: follow it.
        public var active: Submission?
        /// The last submission's merge job, still queued, which a new submission replaces.
        public var staleMergeJob: String?
        /// Nothing to do: the merged dataset is there and valid.
        public var isComplete: Bool { !mergeNeeded }
    }

    /// The array task generating one shard.
    public struct ShardTask: Sendable, Codable, Equatable {
        public var shard: Int
        /// The array job the task belongs to.
        public var arrayJob: String
        /// Slurm's name of the task, `<array job>_<shard>`.
        public var name: String { "\(arrayJob)_\(shard)" }
    }

    /// The jobs of one submission (`DIR/submission.json`).
    public struct Submission: Sendable, Codable, Equatable {
        /// The array job submitted this time (nil when only running tasks were kept).
        public var arrayJob: String?
        /// The shards it generates.
        public var arrayIndices: [Int]
        /// Every shard task the merge waits for: this submission's and those kept running from the last one.
        public var tasks: [ShardTask]
        public var mergeJob: String
        /// Every job id to ask squeue about.
        public var jobs: [String] { Array(Set(tasks.map(\.arrayJob))).sorted() + [mergeJob] }
    }

    /// Progress while waiting.
    public struct Progress: Sendable {
        public var shardsDone: Int
        public var shards: Int
        public var running: Int
        public var pending: Int
        /// The merge job's state (PENDING, RUNNING, …, or COMPLETED once the file is there).
        public var mergeState: String
        public var elapsedSeconds: Double

        public var line: String {
            "shards \(shardsDone)/\(shards) done, \(running) running, \(pending) pending; merge \(mergeState.lowercased())"
        }
    }

    public let request: Request
    public let configuration: DatasetConfiguration
    let shardCount: Int
    let client: SlurmClient

    /// Validates the request (spec, split, shard count, Slurm options) before anything is submitted.
    public init(_ request: Request, client: SlurmClient = SlurmClient()) throws {
        var request = request
        request.specFile = Self.absolute(request.specFile)
        request.directory = Self.absolute(request.directory)
        request.executable = Self.absolute(request.executable)
        try request.options.validate()
        guard request.samples >= 1 else { throw DatasetError.invalidArgument(name: "--samples", message: "\(request.samples) must be ≥ 1") }
        configuration = try DatasetConfiguration(specFile: request.specFile, split: request.split)
        try DatasetShard(index: 0, count: request.shards).validate(samples: request.samples)
        self.request = request
        self.shardCount = request.shards
        self.client = client
    }

    // MARK: - Paths

    public var outputPath: String { "\(request.directory)/dataset.h5" }
    public var arrayScriptPath: String { "\(request.directory)/generate.sbatch" }
    public var mergeScriptPath: String { "\(request.directory)/merge.sbatch" }
    var submissionPath: String { "\(request.directory)/submission.json" }
    public func shardPath(_ index: Int) -> String { "\(request.directory)/shards/part-\(index).h5" }
    public func logPath(shard index: Int, arrayJob: String) -> String { "\(request.directory)/logs/shard-\(index)-job\(arrayJob).log" }
    public func mergeLogPath(job: String) -> String { "\(request.directory)/logs/merge-job\(job).log" }

    // MARK: - Planning and scripts

    /// What is left to do, from the files in the directory and the queue.
    public func plan() throws -> Plan {
        let last = lastSubmission()
        let queued = try last.map { try client.queued($0.jobs) } ?? []
        let mergeQueued = last.flatMap { last in queued.first { $0.jobID == last.mergeJob && $0.arrayIndex == nil } }
        let mergeAlive = mergeQueued.map { !$0.dependencyNeverSatisfied } ?? false
        if !mergeAlive, DatasetMerge.problem(withFileAt: outputPath, configuration: configuration, samples: request.samples,
                                             seed: request.seed, shard: nil) == nil {
            return Plan(shardsToRun: [], runningTasks: [], mergeNeeded: false, active: nil, staleMergeJob: nil)
        }
        var running: [ShardTask] = []
        var toRun: [(index: Int, reason: String)] = []
        for index in 0..<shardCount {
            if let task = last?.tasks.first(where: { $0.shard == index }),
               queued.contains(where: { $0.jobID == task.arrayJob && $0.arrayIndex == index }) {
                running.append(task)
                continue
            }
            let shard = try DatasetShard(index: index, count: shardCount)
            if let problem = DatasetMerge.problem(withFileAt: shardPath(index), configuration: configuration, samples: request.samples,
                                                  seed: request.seed, shard: shard) {
                toRun.append((index, problem))
            }
        }
        if toRun.isEmpty, mergeAlive, let last {
            return Plan(shardsToRun: [], runningTasks: running, mergeNeeded: true, active: last, staleMergeJob: nil)
        }
        return Plan(shardsToRun: toRun, runningTasks: running, mergeNeeded: true, active: nil, staleMergeJob: mergeQueued?.jobID)
    }

    /// The job array's script for `indices`.
    public func arrayScript(indices: [Int]) -> SlurmBatchScript {
        let q = SlurmBatchScript.quote
        var generate = [q(request.executable), "generate", "--spec", q(request.specFile)]
        if let split = request.split { generate += ["--split", q(split)] }
        generate += ["--samples", "\(request.samples)", "--seed", "\(request.seed)",
                     "--shard", "\"$SLURM_ARRAY_TASK_ID/\(shardCount)\"", "--threads", "\"${SLURM_CPUS_PER_TASK:-1}\"",
                     "--out", q("\(request.directory)/shards/") + "\"part-$SLURM_ARRAY_TASK_ID.h5\""]
        return SlurmBatchScript(
            jobName: jobName("generate"), options: request.options, arrayIndices: indices,
            output: "\(request.directory)/logs/shard-%a-job%A.log",
            comments: [
                "p2pgrid: \(request.samples) samples of \(configuration.spec.name)/\(configuration.split), seed \(request.seed),",
                "as \(shardCount) shards (contiguous runs of \(DatasetGenerator.blockSize)-sample blocks); task I writes shard I.",
                "Submitted by `p2pgrid slurm generate` (or the pipeline runner); the merge job (merge.sbatch) runs after",
                "every task succeeded. generate writes atomically: a task killed midway leaves no part file.",
            ],
            commands: [generate.joined(separator: " ")])
    }

    /// The merge job's script.
    public func mergeScript() -> SlurmBatchScript {
        let q = SlurmBatchScript.quote
        var options = request.options
        options.cpusPerTask = 1
        let merge = [q(request.executable), "merge"] + (0..<shardCount).map { q(shardPath($0)) } + ["--out", q(outputPath)]
        return SlurmBatchScript(
            jobName: jobName("merge"), options: options, output: "\(request.directory)/logs/merge-job%j.log",
            comments: [
                "p2pgrid: joins the \(shardCount) shards into dataset.h5, byte-identical to one `p2pgrid generate` run.",
                "Submitted with --dependency=afterok:<array job id> --kill-on-invalid-dep=yes: it never runs after a failed shard.",
            ],
            commands: [merge.joined(separator: " ")])
    }

    /// The commands `submit` runs, for `--dry-run`.
    public func submissionCommands(_ plan: Plan) -> [String] {
        var commands: [String] = []
        if let stale = plan.staleMergeJob { commands.append("scancel \(stale)") }
        var after = plan.runningTasks.map(\.name)
        if !plan.shardsToRun.isEmpty {
            commands.append("sbatch --parsable \(arrayScriptPath)")
            after.insert("<array job id>", at: 0)
        }
        let dependency = after.isEmpty ? "" : " --dependency=afterok:\(after.joined(separator: ":")) --kill-on-invalid-dep=yes"
        commands.append("sbatch --parsable\(dependency) \(mergeScriptPath)")
        return commands
    }

    // MARK: - Submitting and waiting

    /// Writes the scripts and submits what `plan` says: an array of the shards to run and
    /// a merge job after it and the tasks kept running. Returns the submission to follow
    /// (the last one when it is still on its way), or nil when the dataset is complete.
    public func submit(_ plan: Plan) throws -> Submission? {
        if let active = plan.active { return active }
        guard !plan.isComplete else { return nil }
        for directory in [request.directory, "\(request.directory)/shards", "\(request.directory)/logs"] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        if let stale = plan.staleMergeJob { client.cancel([stale]) }
        // Invalid shards go before the new tasks start, so a stale file is never taken for a fresh one.
        for (index, _) in plan.shardsToRun {
            for path in [shardPath(index), shardPath(index) + ".timings.h5"] { try? FileManager.default.removeItem(atPath: path) }
        }
        let indices = plan.shardsToRun.map(\.index)
        var arrayJob: String? = nil
        var tasks = plan.runningTasks
        if !indices.isEmpty {
            try writeAtomically(arrayScript(indices: indices).text, to: arrayScriptPath)
            let job = try client.submit(arrayScriptPath)
            arrayJob = job
            tasks += indices.map { ShardTask(shard: $0, arrayJob: job) }
        }
        tasks.sort { $0.shard < $1.shard }
        try writeAtomically(mergeScript().text, to: mergeScriptPath)
        let mergeJob: String
        do {
            mergeJob = try client.submit(mergeScriptPath, afterOK: (arrayJob.map { [$0] } ?? []) + plan.runningTasks.map(\.name))
        } catch {
            if let arrayJob { client.cancel([arrayJob]) }
            throw error
        }
        let submission = Submission(arrayJob: arrayJob, arrayIndices: indices, tasks: tasks, mergeJob: mergeJob)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(String(decoding: try encoder.encode(submission), as: UTF8.self) + "\n", to: submissionPath)
        return submission
    }

    /// Follows `submission` until the merged dataset is there.
    ///
    /// - Throws: `SlurmError.taskFailed` naming the job, array index and log when a
    ///   task or the merge ended without its output (the merge job is cancelled then);
    ///   `SlurmError.interrupted` when `isCancelled` turns true (the jobs go on).
    public func wait(for submission: Submission, pollSeconds: Double = 2, isCancelled: @Sendable () -> Bool = { false },
                     progress: (Progress) -> Void = { _ in }) throws {
        let start = ContinuousClock.now
        while true {
            if isCancelled() { throw SlurmError.interrupted(jobs: submission.jobs) }
            let queued = try client.queued(submission.jobs)
            let merge = queued.first { $0.jobID == submission.mergeJob && $0.arrayIndex == nil }
            var running = 0, pending = 0
            for task in submission.tasks {
                if let status = queued.first(where: { $0.jobID == task.arrayJob && $0.arrayIndex == task.shard }) {
                    if status.state == "PENDING" { pending += 1 } else { running += 1 }
                } else if !FileManager.default.fileExists(atPath: shardPath(task.shard)) {
                    // Gone from the queue without its file (generate renames its output into place before it exits).
                    let final = client.finished([task.arrayJob]).first { $0.arrayIndex == task.shard }
                    client.cancel([submission.mergeJob])
                    throw failure(job: task.arrayJob, index: task.shard, final, log: logPath(shard: task.shard, arrayJob: task.arrayJob))
                }
            }
            if merge == nil {
                if let problem = DatasetMerge.problem(withFileAt: outputPath, configuration: configuration, samples: request.samples,
                                                      seed: request.seed, shard: nil) {
                    let final = client.finished([submission.mergeJob]).first
                    throw failure(job: submission.mergeJob, index: nil, final, log: mergeLogPath(job: submission.mergeJob),
                                  note: problem == "missing" ? nil : "dataset.h5 \(problem)")
                }
                progress(Progress(shardsDone: shardCount, shards: shardCount, running: 0, pending: 0, mergeState: "COMPLETED",
                                  elapsedSeconds: Self.seconds(since: start)))
                return
            }
            let done = (0..<shardCount).filter { FileManager.default.fileExists(atPath: shardPath($0)) }.count
            progress(Progress(shardsDone: done, shards: shardCount, running: running, pending: pending,
                              mergeState: merge?.state ?? "PENDING", elapsedSeconds: Self.seconds(since: start)))
            usleep(UInt32(max(0.05, pollSeconds) * 1_000_000))
        }
    }

    // MARK: - Internals

    private func failure(job: String, index: Int?, _ final: SlurmJobStatus?, log: String, note: String? = nil) -> SlurmError {
        var state = final.map { $0.state + ($0.exitCode.map { " (exit \($0))" } ?? "") } ?? "(state no longer known to Slurm)"
        if let note { state += "; \(note)" }
        let tail = (try? String(contentsOfFile: log, encoding: .utf8))
            .map { $0.split(separator: "\n", omittingEmptySubsequences: false).suffix(12).joined(separator: "\n") } ?? ""
        return SlurmError.taskFailed(job: job, arrayIndex: index, state: state, log: log, logTail: tail.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private func lastSubmission() -> Submission? {
        guard let data = FileManager.default.contents(atPath: submissionPath) else { return nil }
        return try? JSONDecoder().decode(Submission.self, from: data)
    }

    private func jobName(_ role: String) -> String {
        "p2pgrid-\(role)-\(configuration.spec.name)-\(configuration.split)".filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    private func writeAtomically(_ text: String, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else {
            throw DatasetError.output(file: path, message: String(cString: strerror(errno)))
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path).standardizedPath
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

private extension String {
    var standardizedPath: String { (self as NSString).standardizingPath }
}
