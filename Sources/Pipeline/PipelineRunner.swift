import Foundation

/// What a finished (or stopped) run leaves: its manifest and where it is.
public struct RunResult: Sendable {
    /// The provenance manifest.
    public let manifest: RunManifest
    /// Path of the manifest file.
    public let manifestPath: String
}

/// Runs a pipeline: takes the work directory's lock, removes unfinished
/// entries of killed runs, then runs the plan in topological order with up
/// to `jobs` independent stages at a time, and writes the manifest.
///
/// After a failure or SIGINT/SIGTERM no new stage starts; running stages
/// finish (or stop at their next `checkCancellation()`), finished ones stay
/// cached, and the manifest records the outcome before the error is thrown.
public final class PipelineRunner: Sendable {
    /// The validated pipeline.
    public let spec: PipelineSpec
    /// Where the cache lives.
    public let workDirectory: WorkDirectory
    /// Selection and concurrency.
    public let options: RunOptions
    private let versions: ToolVersions
    private let platform: PlatformDescription?
    private let cancellation: CancellationFlag
    private let observer: @Sendable (StageEvent) -> Void

    /// A runner; `workDirectory` overrides the spec's `workDirectory:`.
    public init(spec: PipelineSpec, workDirectory: String? = nil, options: RunOptions = RunOptions(), versions: ToolVersions,
                platform: PlatformDescription? = nil, cancellation: CancellationFlag = CancellationFlag(), observer: @escaping @Sendable (StageEvent) -> Void = { _ in }) {
        self.spec = spec
        // Absolute, so the paths handed to stages stay valid whatever a stage does with its working directory.
        self.workDirectory = WorkDirectory(path: URL(fileURLWithPath: workDirectory ?? spec.workDirectory).standardizedFileURL.path)
        self.options = options
        self.versions = versions
        self.platform = platform
        self.cancellation = cancellation
        self.observer = observer
    }

    /// What a run would do now (for `--dry-run`); takes no lock, writes nothing.
    public func plan() throws -> RunPlan {
        try RunPlan(spec: spec, workDirectory: workDirectory, options: options)
    }

    /// Runs the pipeline. Throws after writing the manifest when a stage
    /// failed or the run was interrupted.
    @discardableResult
    public func run() throws -> RunResult {
        let started = Date()
        let clock = ContinuousClock.now
        let lock = try WorkDirectoryLock(workDirectory: workDirectory, purpose: "p2pgrid run \(spec.file)",
                                         wait: options.waitForLock) { [observer] holder in observer(.waitingForLock(holder: holder)) }
        defer { lock.release() }
        try FileOperations.removeIfPresent(workDirectory.incompleteDirectory)
        try FileOperations.createDirectory(workDirectory.incompleteDirectory)
        try workDirectory.removeStaleTemporaryFiles()

        let plan = try self.plan()
        let state = RunState(plan: plan, workDirectory: workDirectory)
        schedule(plan, state: state)

        let completed = plan.stages.map(\.stage.name).filter { state.outcomes[$0] != nil }
        var error = state.firstError
        if error == nil, cancellation.isCancelled, completed.count < plan.stages.filter({ $0.decision != .notSelected }).count {
            error = .interrupted(completedStages: completed)
        }
        if case .interrupted? = error { error = .interrupted(completedStages: completed) }
        let manifest = RunManifest(
            pipeline: spec.name, pipelineFile: spec.file, pipelineFileSHA256: spec.fileSHA256, seed: spec.seed,
            workDirectory: workDirectory.path, jobs: options.jobs, until: options.until, only: options.only,
            force: options.force.sorted(), startedAt: ISO8601DateFormatter().string(from: started),
            wallTimeSeconds: seconds(since: clock),
            outcome: Self.outcome(of: error),
            error: error?.description, versions: versions, platform: platform,
            stages: plan.stages.map { state.manifestEntry(for: $0) })
        let manifestPath = try writeManifest(manifest, started: started)
        if let error { throw error }
        return RunResult(manifest: manifest, manifestPath: manifestPath)
    }

    private static func outcome(of error: PipelineError?) -> RunManifest.Outcome {
        switch error {
        case nil: return .completed
        case .interrupted?: return .interrupted
        default: return .failed
        }
    }

    private func schedule(_ plan: RunPlan, state: RunState) {
        let executor = StageExecutor(pipelineName: spec.name, pipelineDirectory: pipelineDirectory(of: spec.file),
                                     workDirectory: workDirectory,
                                     cancellation: cancellation, observer: observer)
        var pending = plan.stages.filter { $0.decision != .notSelected }
        state.condition.lock()
        defer { state.condition.unlock() }
        while true {
            while state.firstError == nil, !cancellation.isCancelled {
                let ready = pending.indices.filter { pending[$0].stage.needs.allSatisfy { state.records[$0] != nil } }
                // Hits first: they cost nothing and may make more stages ready.
                if let index = ready.first(where: { pending[$0].decision == .hit }) {
                    let planned = pending[index]
                    guard let record = workDirectory.cachedRecord(key: planned.key) else {
                        pending[index] = PlannedStage(stage: planned.stage, key: planned.key, decision: .miss)
                        continue
                    }
                    pending.remove(at: index)
                    observer(.cacheHit(stage: planned.stage.name, key: planned.key))
                    state.completeLocked(planned, record: record, outcome: .hit, wallTimeSeconds: 0)
                    state.condition.unlock()
                    finish(planned, record: record, state: state)
                    state.condition.lock()
                } else if let index = ready.first, state.running.count < options.jobs {
                    let planned = pending.remove(at: index)
                    state.running.insert(planned.stage.name)
                    let upstream = state.records.filter { planned.stage.needs.contains($0.key) }
                    launch(planned, upstream: upstream, executor: executor, state: state)
                } else {
                    break
                }
            }
            let stopping = state.firstError != nil || cancellation.isCancelled
            if state.running.isEmpty && (pending.isEmpty || stopping) { return }
            // Timed, so a signal that arrives while nothing finishes is still noticed.
            _ = state.condition.wait(until: Date(timeIntervalSinceNow: 0.05))
        }
    }

    private func launch(_ planned: PlannedStage, upstream: [String: StageRecord], executor: StageExecutor, state: RunState) {
        let thread = Thread { [observer] in
            let name = planned.stage.name
            observer(.started(stage: name, key: planned.key, forced: planned.decision == .forced))
            let clock = ContinuousClock.now
            do {
                let record = try executor.execute(planned, upstream: upstream)
                let wallTime = self.seconds(since: clock)
                observer(.finished(stage: name, key: planned.key, wallTimeSeconds: wallTime))
                state.condition.withLock {
                    state.completeLocked(planned, record: record, outcome: planned.decision, wallTimeSeconds: wallTime)
                }
                self.finish(planned, record: record, state: state)
            } catch {
                let failure = error as? PipelineError ?? .stageFailed(stage: name, kind: planned.stage.kind.name, message: "\(error)")
                observer(.failed(stage: name, message: failure.description))
                state.condition.withLock { state.failLocked(failure) }
            }
            state.condition.withLock {
                state.running.remove(name)
                state.condition.broadcast()
            }
        }
        // Stages do deep numerical work (recursion in solvers, big stack arrays); give them room.
        thread.stackSize = 64 << 20
        thread.start()
    }

    /// After a stage is cached: remember it as the stage's latest record, and publish reports.
    private func finish(_ planned: PlannedStage, record: StageRecord, state: RunState) {
        do {
            var latest = record
            latest.stage = planned.stage.name
            let latestFile = workDirectory.latestRecordFile(pipeline: spec.name, stage: planned.stage.name)
            let latestBytes = try FileOperations.stableJSON(latest)
            // Unchanged records are not rewritten: a fully cached re-run then writes only its manifest.
            if FileManager.default.contents(atPath: latestFile) != latestBytes {
                try FileOperations.writeAtomically(latestBytes, to: latestFile)
            }
            if planned.stage.kind.publishesReport {
                let directory = try ReportPublisher(reportsDirectory: options.reportsDirectory).publish(
                    record: record, entryDirectory: workDirectory.entryDirectory(key: planned.key), pipeline: spec.name)
                observer(.published(stage: planned.stage.name, directory: directory))
                state.condition.withLock { state.published[planned.stage.name] = directory }
            }
        } catch {
            state.condition.withLock { state.failLocked(error as? PipelineError ?? .fileSystem(path: workDirectory.path, operation: "record stage", reason: "\(error)")) }
        }
    }

    private func writeManifest(_ manifest: RunManifest, started: Date) throws -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let data = try FileOperations.stableJSON(manifest)
        let path = "\(workDirectory.runsDirectory)/\(spec.name)-\(formatter.string(from: started))-\(getpid()).json"
        try FileOperations.writeAtomically(data, to: path)
        try FileOperations.writeAtomically(data, to: "\(workDirectory.runsDirectory)/\(spec.name)-latest.json")
        return path
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
}

/// Mutable bookkeeping of one run, guarded by `condition`.
final class RunState: @unchecked Sendable {
    let condition = NSCondition()
    var records: [String: StageRecord] = [:]
    var outcomes: [String: CacheOutcome] = [:]
    var wallTimes: [String: Double] = [:]
    var running: Set<String> = []
    var published: [String: String] = [:]
    var firstError: PipelineError?

    /// Seeds `records` with cached entries of stages outside the selection, so `--only` finds its inputs.
    init(plan: RunPlan, workDirectory: WorkDirectory) {
        for planned in plan.stages where planned.decision == .notSelected {
            records[planned.stage.name] = workDirectory.cachedRecord(key: planned.key)
        }
    }

    func completeLocked(_ planned: PlannedStage, record: StageRecord, outcome: CacheOutcome, wallTimeSeconds: Double) {
        records[planned.stage.name] = record
        outcomes[planned.stage.name] = outcome
        wallTimes[planned.stage.name] = wallTimeSeconds
        condition.broadcast()
    }

    func failLocked(_ error: PipelineError) {
        if firstError == nil { firstError = error }
        condition.broadcast()
    }

    func manifestEntry(for planned: PlannedStage) -> RunManifest.StageEntry {
        let stage = planned.stage
        let name = stage.name
        return RunManifest.StageEntry(
            name: name, kind: stage.kind.name, codeVersion: stage.kind.codeVersion, key: planned.key, seed: stage.seed,
            parameters: stage.parameters.values, inputs: stage.inputsBySlot,
            cache: outcomes[name] ?? (planned.decision == .notSelected ? .notSelected : .notRun),
            wallTimeSeconds: wallTimes[name] ?? 0, outputs: records[name]?.outputs ?? [:],
            sources: Dictionary(uniqueKeysWithValues: stage.sourceFiles.map { ($0.path, $0.sha256) }), publishedTo: published[name],
            executor: stage.execution.name)
    }
}
