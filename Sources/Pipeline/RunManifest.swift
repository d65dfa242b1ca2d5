import Foundation

/// How a stage was handled in one run.
public enum CacheOutcome: String, Codable, Sendable {
    /// Outputs were already in the cache; the stage did not run.
    case hit
    /// The stage ran because its key was not cached.
    case miss
    /// The stage ran because of `--force`, replacing its cache entry.
    case forced
    /// Not part of this run (`--until`, `--only`).
    case notSelected = "not-selected"
    /// Selected but not reached (a failure or interruption came first).
    case notRun = "not-run"
}

/// Provenance of one run, written to `<work directory>/runs/` as JSON.
public struct RunManifest: Codable, Sendable {
    /// How the run ended.
    public enum Outcome: String, Codable, Sendable {
        /// Every selected stage is cached.
        case completed
        /// A stage failed; others may have finished and stay cached.
        case failed
        /// SIGINT/SIGTERM stopped the run.
        case interrupted
    }

    /// One stage's entry.
    public struct StageEntry: Codable, Sendable {
        /// Stage name.
        public var name: String
        /// Stage kind.
        public var kind: String
        /// The kind's code version.
        public var codeVersion: String
        /// Cache key.
        public var key: String
        /// Stage seed.
        public var seed: UInt64
        /// Parameters with defaults filled in.
        public var parameters: [String: ParameterValue]
        /// Input stage names by slot.
        public var inputs: [String: [String]]
        /// Hit, miss, forced, …
        public var cache: CacheOutcome
        /// Wall time of the stage in this run (0 for hits and stages not run).
        public var wallTimeSeconds: Double
        /// SHA-256 of each output file (empty when the stage has no outputs yet).
        public var outputs: [String: String]
        /// SHA-256 of every source file the stage reads (specs, feeders), by path.
        public var sources: [String: String]
        /// Where the outputs were published (`report` kinds).
        public var publishedTo: String?
        /// Where the stage ran: `local` or `slurm` (`executor:`; not part of the key).
        public var executor: String?
    }

    /// Manifest format version.
    public var formatVersion = 2
    /// Pipeline name.
    public var pipeline: String
    /// Pipeline file as given.
    public var pipelineFile: String
    /// SHA-256 of the pipeline file's bytes.
    public var pipelineFileSHA256: String
    /// Root seed.
    public var seed: UInt64
    /// Work directory.
    public var workDirectory: String
    /// `--jobs`.
    public var jobs: Int
    /// `--until`, if given.
    public var until: String?
    /// `--only`, if given.
    public var only: String?
    /// `--force` stages.
    public var force: [String]
    /// Start time (UTC, ISO 8601).
    public var startedAt: String
    /// Total wall time of the run.
    public var wallTimeSeconds: Double
    /// How the run ended.
    public var outcome: Outcome
    /// The error text when the run did not complete.
    public var error: String?
    /// Toolchain and library versions, git commit.
    public var versions: ToolVersions
    /// Architecture, CPU and kernel choices of the machine that ran it (format 2; absent in older manifests).
    public var platform: PlatformDescription?
    /// Stages in topological order.
    public var stages: [StageEntry]
}
