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
        case completed, failed, interrupted
    }

    /// One stage's entry.
    public struct StageEntry: Codable, Sendable {
        /// Stage name.
        public var name: String
        /// Kind and its code version.
        public var kind: String
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
        /// Where the outputs were published (`report` kinds).
        public var publishedTo: String?
    }

    /// Manifest format version.
    public var formatVersion = 1
    /// Pipeline name.
    public var pipeline: String
    /// Pipeline file as given and its SHA-256.
    public var pipelineFile: String
    public var pipelineFileSHA256: String
    /// Root seed.
    public var seed: UInt64
    /// Work directory.
    public var workDirectory: String
    /// Command-line selection (`--jobs`, `--until`, `--only`, `--force`).
    public var jobs: Int
    public var until: String?
    public var only: String?
    public var force: [String]
    /// Start time (UTC, ISO 8601) and total wall time.
    public var startedAt: String
    public var wallTimeSeconds: Double
    /// How the run ended, and the error text when it did not complete.
    public var outcome: Outcome
    public var error: String?
    /// Toolchain and library versions, git commit.
    public var versions: ToolVersions
    /// Stages in topological order.
    public var stages: [StageEntry]
}
