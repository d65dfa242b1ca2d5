/// Content-addressed cache keys.
///
/// A stage's key is SHA-256 over a versioned, line-oriented text holding its
/// kind, the kind's code version, its seed, its canonical parameters, the
/// hashes of the source files it reads (specs, feeders) and, slot by slot in
/// `needs:` order, the keys of its inputs. Keys therefore follow from the
/// pipeline file and its source files (no stage has to run first), and a
/// change anywhere upstream changes every key downstream of it. Stage names
/// are not part of the key, so two pipelines (or two stages) that ask for
/// the same work share one cache entry.
public enum CacheKey {
    /// The text that is hashed (exposed for `status` diagnostics and tests).
    public static func material(kind: String, codeVersion: String, seed: UInt64, parameters: ParameterValues,
                                inputKeys: [(slot: String, keys: [String])], sourceFiles: [SourceFileDigest] = []) -> String {
        var lines = [
            "p2pgrid-stage-key-v1",
            "kind " + ParameterValue.jsonQuoted(kind),
            "code " + ParameterValue.jsonQuoted(codeVersion),
            "seed \(seed)",
            "params " + parameters.canonicalText,
        ]
        for file in sourceFiles.sorted(by: { $0.path < $1.path }) {
            lines.append("source " + ParameterValue.jsonQuoted(file.path) + " " + file.sha256)
        }
        for (slot, keys) in inputKeys.sorted(by: { $0.slot < $1.slot }) {
            lines.append("input " + ParameterValue.jsonQuoted(slot) + " " + keys.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Keys of every stage of a pipeline, by stage name.
    public static func keys(for spec: PipelineSpec) -> [String: String] {
        var keys: [String: String] = [:]
        for name in StageGraph(spec).topologicalOrder {
            let stage = spec.stage(named: name)!
            keys[name] = ContentDigest.hexDigest(of: material(
                kind: stage.kind.name, codeVersion: stage.kind.codeVersion, seed: stage.seed, parameters: stage.parameters,
                inputKeys: stage.kind.inputs.map { slot in (slot.name, (stage.inputsBySlot[slot.name] ?? []).map { keys[$0]! }) },
                sourceFiles: stage.sourceFiles))
        }
        return keys
    }
}
