import Slurm
import Yams

/// Where a stage runs: here, or (for kinds that can, `generate`) on a Slurm
/// cluster (DESIGN.md §10). Not part of the cache key: a stage gives the same
/// bytes wherever it runs, so a dataset made on Slurm is a cache hit for a
/// local run and the other way round.
///
/// In a pipeline file, at the top level (every stage that can) or in one stage:
/// ```yaml
/// executor: slurm            # or local (the default)
/// slurm:                     # all optional
///   shards: 8                # array tasks per dataset (default 4)
///   partition: debug
///   time: "01:00:00"         # per task
///   cpusPerTask: 2
///   memPerCpu: 2000          # MB
///   account: myproject
///   poll: 5                  # seconds between squeue polls (default 2)
/// ```
/// A stage's `slurm:` fields replace the pipeline's one by one.
public enum StageExecution: Sendable, Hashable {
    case local
    case slurm(SlurmExecution)

    /// `local` or `slurm`, for messages and manifests.
    public var name: String {
        switch self {
        case .local: return "local"
        case .slurm: return "slurm"
        }
    }
}

/// The settings of `executor: slurm`.
public struct SlurmExecution: Sendable, Hashable {
    /// Array tasks (shards) per dataset file.
    public var shards: Int
    public var options: SlurmJobOptions
    /// Seconds between polls of the queue.
    public var pollSeconds: Double

    public static let defaultShards = 4

    public init(shards: Int = SlurmExecution.defaultShards, options: SlurmJobOptions = SlurmJobOptions(), pollSeconds: Double = 2) {
        self.shards = shards
        self.options = options
        self.pollSeconds = pollSeconds
    }
}

/// Reads `executor:` and `slurm:` fields.
struct StageExecutionReader {
    static let slurmFields: [ParameterSpec] = [
        ParameterSpec("shards", .int(1...1_000_000), summary: "array tasks (shards) per dataset file"),
        ParameterSpec("partition", .string, summary: "Slurm partition"),
        ParameterSpec("time", .string, summary: "time limit per task (HH:MM:SS)"),
        ParameterSpec("cpusPerTask", .int(1...4096), summary: "cores per task"),
        ParameterSpec("memPerCpu", .int(1...16_777_216), summary: "memory per core (MB)"),
        ParameterSpec("account", .string, summary: "account to charge"),
        ParameterSpec("poll", .double(0.05...3600), summary: "seconds between squeue polls"),
    ]

    let locator: FieldLocator
    let stage: String?

    /// The execution `fields` ask for, starting from `inherited` (the pipeline's, for a stage).
    func execution(executor: Node?, slurm: Node?, inherited: StageExecution) throws -> StageExecution {
        var kind = inherited.name
        if let executor {
            let value = try ParameterNodeReader(stage: stage, locator: locator)
                .value(executor, type: .choice(["local", "slurm"]), field: "executor")
            if case let .string(name) = value { kind = name }
        }
        guard kind == "slurm" else {
            if let slurm {
                throw PipelineError.unusableExecutor(locator.location(slurm.mark, stage: stage, field: "slurm"),
                                                 problem: "slurm settings without `executor: slurm`")
            }
            return .local
        }
        var settings: SlurmExecution
        if case let .slurm(inherited) = inherited { settings = inherited } else { settings = SlurmExecution() }
        if let slurm {
            guard let mapping = slurm.mapping else {
                throw PipelineError.wrongType(locator.location(slurm.mark, stage: stage, field: "slurm"),
                                              expected: "a mapping of Slurm settings", found: describe(slurm))
            }
            let reader = ParameterNodeReader(stage: stage, locator: locator)
            for (nameNode, valueNode) in mapping {
                let name = nameNode.scalar?.string ?? describe(nameNode)
                let field = "slurm." + name
                guard let spec = Self.slurmFields.first(where: { $0.name == name }) else {
                    throw PipelineError.unknownField(locator.location(nameNode.mark, stage: stage, field: field),
                                                     allowed: Self.slurmFields.map(\.name))
                }
                let value = try reader.value(valueNode, type: spec.type, field: field)
                switch (name, value) {
                case let ("shards", .int(v)): settings.shards = v
                case let ("partition", .string(v)): settings.options.partition = v
                case let ("time", .string(v)): settings.options.time = v
                case let ("cpusPerTask", .int(v)): settings.options.cpusPerTask = v
                case let ("memPerCpu", .int(v)): settings.options.memPerCPUMB = v
                case let ("account", .string(v)): settings.options.account = v
                case let ("poll", .double(v)): settings.pollSeconds = v
                case let ("poll", .int(v)): settings.pollSeconds = Double(v)
                default: break
                }
                do {
                    try settings.options.validate()
                } catch {
                    throw PipelineError.outOfRange(locator.location(valueNode.mark, stage: stage, field: field),
                                                   value: describe(valueNode), allowed: "\(error)")
                }
            }
        }
        return .slurm(settings)
    }
}
