/// A validated pipeline file: every stage resolved to its kind, parameters
/// typed and defaulted, needs assigned to input slots, DAG acyclic.
///
/// File format (`Pipelines/*.yaml`):
/// ```yaml
/// pipeline: ci                 # name: letters, digits, '-', '_'
/// seed: 20260525               # root seed, 0 ... 2^63-1
/// workDirectory: .p2pgrid      # optional; relative to the current directory
/// executor: slurm              # optional: generate stages on Slurm (see StageExecution)
/// slurm: { shards: 8 }         # optional settings of executor: slurm
/// stages:
///   data:                      # stage name
///     kind: generate
///     seed: 7                  # optional; default derived from root seed and stage name
///     params: { samples: 200 }
///     executor: local          # optional; overrides the pipeline's
///   model:
///     kind: train
///     needs: [data]            # filled into the kind's input slots by upstream kind
///     params: { epochs: 5 }
/// ```
/// A stage without its own `seed` gets the first 8 bytes (big-endian) of
/// SHA-256("p2pgrid-stage-seed/<root seed>/<stage name>"), so stages draw
/// independent streams and adding a stage does not shift another's seed.
public struct PipelineSpec: Sendable {
    /// Path of the pipeline file as given.
    public let file: String
    /// SHA-256 of the file's bytes (provenance).
    public let fileSHA256: String
    /// Pipeline name (`pipeline:`), also the `Reports/<name>/` directory.
    public let name: String
    /// Root seed.
    public let seed: UInt64
    /// Work directory holding the cache, locks, records and run manifests.
    public let workDirectory: String
    /// Stages in file order.
    public let stages: [ResolvedStage]

    /// The stage called `name`.
    public func stage(named name: String) -> ResolvedStage? {
        stages.first { $0.name == name }
    }

    /// Stage names in file order.
    public var stageNames: [String] {
        stages.map(\.name)
    }
}

/// One stage of a validated pipeline.
public struct ResolvedStage: Sendable {
    /// Stage name.
    public let name: String
    /// Its kind.
    public let kind: any StageKind
    /// Validated parameters with defaults filled in.
    public let parameters: ParameterValues
    /// The stage's seed.
    public let seed: UInt64
    /// Needed stage names, in file order.
    public let needs: [String]
    /// Needed stage names by input slot of the kind.
    public let inputsBySlot: [String: [String]]
    /// Line of the stage in the pipeline file.
    public let line: Int
    /// The files the stage reads besides its inputs, with their content hashes.
    public let sourceFiles: [SourceFileDigest]
    /// Where it runs (not part of its cache key).
    public let execution: StageExecution
}

/// A file a stage reads (a spec, a feeder), as part of its cache key.
public struct SourceFileDigest: Sendable, Hashable, Codable {
    /// Path relative to the pipeline file's directory when inside it, else absolute.
    public let path: String
    /// SHA-256 of the file's bytes.
    public let sha256: String
}

extension PipelineSpec {
    /// The default seed of a stage without an explicit `seed:`.
    public static func derivedSeed(rootSeed: UInt64, stageName: String) -> UInt64 {
        let digest = {
            var hasher = ContentDigest()
            hasher.update("p2pgrid-stage-seed/\(rootSeed)/\(stageName)")
            return hasher.finalize()
        }()
        return digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
}
