/// What produced one cache entry, stored beside its outputs as
/// `.p2pgrid-stage.json` and, per pipeline and stage name, under
/// `pipelines/<pipeline>/<stage>.json` (the last configuration that ran or
/// hit, which `status` compares against and `clean --keep-latest` keeps).
///
/// Deliberately free of timestamps and timings, so a cache entry is
/// byte-identical however and whenever it was produced; timings live in the
/// run manifest.
public struct StageRecord: Codable, Sendable, Equatable {
    /// Stage name (the name in the pipeline that produced it).
    public var stage: String
    /// Stage kind.
    public var kind: String
    /// Kind's code version.
    public var codeVersion: String
    /// Cache key.
    public var key: String
    /// Seed.
    public var seed: UInt64
    /// Parameters with defaults filled in.
    public var parameters: [String: ParameterValue]
    /// Input stage names by slot.
    public var inputs: [String: [String]]
    /// Input keys by input stage name.
    public var inputKeys: [String: String]
    /// SHA-256 of every output file, by relative path.
    public var outputs: [String: String]
    /// SHA-256 of every source file the stage read (specs, feeders), by path.
    public var sources: [String: String] = [:]
}
