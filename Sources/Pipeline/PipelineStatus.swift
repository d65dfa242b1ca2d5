/// Cache state of one stage, as `p2pgrid status` shows it.
public struct StageStatus: Sendable {
    /// Whether a stage's current configuration is cached.
    public enum State: Sendable, Equatable {
        /// Outputs for the current key are in the cache.
        case cached
        /// The stage ran before with another configuration; the reasons say what changed.
        case stale(reasons: [String])
        /// No outputs for the current key, and nothing to compare against.
        case missing(reason: String)
    }

    /// Stage name.
    public let name: String
    /// Stage kind.
    public let kind: String
    /// Current cache key.
    public let key: String
    /// Cached, stale or missing.
    public let state: State
}

/// Compares a pipeline with its work directory, without running or locking anything.
public enum PipelineStatus {
    /// Status of every stage, in topological order.
    public static func evaluate(_ spec: PipelineSpec, workDirectory: WorkDirectory) -> [StageStatus] {
        let keys = CacheKey.keys(for: spec)
        return StageGraph(spec).topologicalOrder.map { name in
            let stage = spec.stage(named: name)!
            let key = keys[name]!
            let state: StageStatus.State
            if workDirectory.cachedRecord(key: key) != nil {
                state = .cached
            } else if let previous = workDirectory.latestRecord(pipeline: spec.name, stage: name) {
                if previous.key == key {
                    state = .missing(reason: "its outputs were removed from the cache (clean)")
                } else {
                    state = .stale(reasons: differences(previous: previous, stage: stage, keys: keys))
                }
            } else {
                state = .missing(reason: "never run")
            }
            return StageStatus(name: name, kind: stage.kind.name, key: key, state: state)
        }
    }

    /// What changed between the last record of a stage and its current configuration.
    static func differences(previous: StageRecord, stage: ResolvedStage, keys: [String: String]) -> [String] {
        var reasons: [String] = []
        if previous.kind != stage.kind.name { reasons.append("kind changed: \(previous.kind) → \(stage.kind.name)") }
        if previous.codeVersion != stage.kind.codeVersion {
            reasons.append("code version changed: \(previous.codeVersion) → \(stage.kind.codeVersion)")
        }
        if previous.seed != stage.seed { reasons.append("seed changed: \(previous.seed) → \(stage.seed)") }
        let current = stage.parameters.values
        for name in Set(previous.parameters.keys).union(current.keys).sorted()
        where !sameValue(previous.parameters[name], current[name]) {
            let before = previous.parameters[name]?.displayText ?? "(absent)"
            let after = current[name]?.displayText ?? "(absent)"
            reasons.append("parameter \(name) changed: \(before) → \(after)")
        }
        if Set(previous.inputKeys.keys) != Set(stage.needs) {
            reasons.append("needs changed: [\(previous.inputKeys.keys.sorted().joined(separator: ", "))] → [\(stage.needs.sorted().joined(separator: ", "))]")
        } else {
            for need in stage.needs where previous.inputKeys[need] != keys[need] {
                reasons.append("input '\(need)' changed")
            }
        }
        let sources = Dictionary(uniqueKeysWithValues: stage.sourceFiles.map { ($0.path, $0.sha256) })
        for path in Set(sources.keys).union(previous.sources.keys).sorted() where sources[path] != previous.sources[path] {
            reasons.append(previous.sources[path] == nil ? "reads a new file \(path)"
                           : sources[path] == nil ? "no longer reads \(path)" : "file \(path) changed")
        }
        return reasons.isEmpty ? ["cache key changed"] : reasons
    }

    /// Equality that survives a JSON round trip, which writes a whole real
    /// like `2.0` as `2` and so reads it back as an integer.
    private static func sameValue(_ recorded: ParameterValue?, _ current: ParameterValue?) -> Bool {
        switch (recorded, current) {
        case (.int(let integer)?, .double(let real)?): return Double(integer) == real
        case (.list(let recordedList)?, .list(let currentList)?):
            return recordedList.count == currentList.count && zip(recordedList, currentList).allSatisfy { sameValue($0, $1) }
        default: return recorded == current
        }
    }
}
