/// Which stages a run covers and how the command line narrows it.
public struct RunOptions: Sendable {
    /// Stages run at the same time at most (independent stages only).
    public var jobs: Int
    /// Run this stage and what it needs, nothing downstream.
    public var until: String?
    /// Run only this stage; its inputs must be cached.
    public var only: String?
    /// Re-run these stages even when cached. Their keys do not change, so
    /// dependents stay cached: a deterministic stage rewrites the same bytes.
    public var force: Set<String>
    /// Wait for another run's lock instead of refusing.
    public var waitForLock: Bool
    /// Root of published reports: a `report` kind's outputs are copied to `<reportsDirectory>/<pipeline>/`.
    public var reportsDirectory: String

    /// Options of a plain `p2pgrid run`.
    public init(jobs: Int = 1, until: String? = nil, only: String? = nil, force: Set<String> = [],
                waitForLock: Bool = false, reportsDirectory: String = "Reports") {
        self.jobs = max(1, jobs)
        self.until = until
        self.only = only
        self.force = force
        self.waitForLock = waitForLock
        self.reportsDirectory = reportsDirectory
    }
}

/// One stage of a plan: its key and what the run will do with it.
public struct PlannedStage: Sendable {
    /// The stage.
    public let stage: ResolvedStage
    /// Its cache key.
    public let key: String
    /// Hit, miss or forced for selected stages; `notSelected` otherwise.
    public let decision: CacheOutcome
}

/// The static plan of a run: keys follow from the spec, so whether each
/// stage is a hit is known before anything runs (`--dry-run` prints this).
public struct RunPlan: Sendable {
    /// Stages in topological order.
    public let stages: [PlannedStage]

    /// Plans `spec` against the cache in `workDirectory`.
    public init(spec: PipelineSpec, workDirectory: WorkDirectory, options: RunOptions) throws {
        let graph = StageGraph(spec)
        let names = spec.stageNames
        for (option, stage) in [("--until", options.until), ("--only", options.only)] {
            if let stage, !names.contains(stage) {
                throw PipelineError.unknownStage(option: option, stage: stage, stages: names)
            }
        }
        for stage in options.force.sorted() where !names.contains(stage) {
            throw PipelineError.unknownStage(option: "--force", stage: stage, stages: names)
        }
        var selected = Set(names)
        if let until = options.until { selected.formIntersection(graph.ancestors(of: until)) }
        if let only = options.only { selected.formIntersection([only]) }

        let keys = CacheKey.keys(for: spec)
        var planned: [PlannedStage] = []
        for name in graph.topologicalOrder {
            let stage = spec.stage(named: name)!
            let key = keys[name]!
            let decision: CacheOutcome
            if !selected.contains(name) {
                decision = .notSelected
            } else if options.force.contains(name) {
                decision = .forced
            } else {
                decision = workDirectory.cachedRecord(key: key) == nil ? .miss : .hit
            }
            planned.append(PlannedStage(stage: stage, key: key, decision: decision))
        }
        if let only = options.only {
            for need in spec.stage(named: only)!.needs where workDirectory.cachedRecord(key: keys[need]!) == nil {
                throw PipelineError.inputNotCached(stage: only, input: need)
            }
        }
        stages = planned
    }

    /// The planned stage called `name`.
    public func stage(named name: String) -> PlannedStage? {
        stages.first { $0.stage.name == name }
    }
}
