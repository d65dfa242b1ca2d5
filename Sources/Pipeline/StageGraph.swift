/// The DAG of a pipeline's stages: need resolution, cycle detection,
/// topological order, ancestors and descendants.
public struct StageGraph: Sendable {
    /// Needed stage names by stage name.
    public let needs: [String: [String]]
    /// Stage names in a deterministic topological order (file order among ready stages).
    public let topologicalOrder: [String]

    /// The graph of a validated pipeline.
    public init(_ spec: PipelineSpec) {
        needs = Dictionary(uniqueKeysWithValues: spec.stages.map { ($0.name, $0.needs) })
        topologicalOrder = Self.kahnOrder(names: spec.stageNames, needs: needs) ?? []
    }

    /// `stage` and every stage it transitively needs.
    public func ancestors(of stage: String, including: Bool = true) -> Set<String> {
        var seen: Set<String> = including ? [stage] : []
        var frontier = needs[stage] ?? []
        while let next = frontier.popLast() {
            if seen.insert(next).inserted { frontier += needs[next] ?? [] }
        }
        return seen
    }

    /// `stage` and every stage that transitively needs it.
    public func descendants(of stage: String, including: Bool = true) -> Set<String> {
        var reached: Set<String> = [stage]
        for name in topologicalOrder where (needs[name] ?? []).contains(where: reached.contains) {
            reached.insert(name)
        }
        if !including { reached.remove(stage) }
        return reached
    }

    static func kahnOrder(names: [String], needs: [String: [String]]) -> [String]? {
        var remaining = names
        var done: Set<String> = []
        var order: [String] = []
        while !remaining.isEmpty {
            guard let index = remaining.firstIndex(where: { (needs[$0] ?? []).allSatisfy(done.contains) }) else { return nil }
            let name = remaining.remove(at: index)
            done.insert(name)
            order.append(name)
        }
        return order
    }

    /// Checks needs (known stage, accepted by an input slot, slot counts)
    /// and acyclicity, and fills each stage's slots.
    static func resolveNeeds(_ drafts: [StageDraft], file: String) throws -> [ResolvedStage] {
        let byName = Dictionary(uniqueKeysWithValues: drafts.map { ($0.name, $0) })
        let names = drafts.map(\.name)
        var resolved: [ResolvedStage] = []
        for draft in drafts {
            var slots = Dictionary(uniqueKeysWithValues: draft.kind.inputs.map { ($0.name, [String]()) })
            for need in draft.needs {
                guard let upstream = byName[need.name] else {
                    throw PipelineError.unknownNeed(need.location, need: need.name, stages: names)
                }
                guard let slot = draft.kind.inputs.first(where: { $0.acceptedKinds.contains(upstream.kind.name) }) else {
                    let takes = draft.kind.inputs.map { "\($0.name) (\($0.acceptedKinds.joined(separator: "/")))" }
                    throw PipelineError.unusableNeed(
                        need.location,
                        problem: "stage '\(need.name)' is of kind \(upstream.kind.name), which kind \(draft.kind.name) does not take; it takes: \(takes.isEmpty ? "no inputs" : takes.joined(separator: ", "))")
                }
                slots[slot.name, default: []].append(need.name)
            }
            for slot in draft.kind.inputs where !slot.multiplicity.admittedCounts.contains(slots[slot.name]?.count ?? 0) {
                let count = slots[slot.name]?.count ?? 0
                throw PipelineError.unusableNeed(
                    draft.location,
                    problem: "input '\(slot.name)' of kind \(draft.kind.name) takes \(slot.multiplicity.description) stage(s) of kind \(slot.acceptedKinds.joined(separator: "/")), but \(count) are listed")
            }
            resolved.append(ResolvedStage(name: draft.name, kind: draft.kind, parameters: draft.parameters, seed: draft.seed,
                                          needs: draft.needs.map(\.name), inputsBySlot: slots, line: draft.line,
                                          sourceFiles: draft.sourceFiles, execution: draft.execution))
        }
        let publishing = drafts.filter { $0.kind.publishesReport }
        if publishing.count > 1 {
            throw PipelineError.secondPublication(publishing[1].kindLocation, first: publishing[0].name)
        }
        if let cycle = findCycle(drafts) {
            let closing = byName[cycle[cycle.count - 2]]!.needs.first { $0.name == cycle.last! }!
            throw PipelineError.dependencyCycle(closing.location, cycle: cycle)
        }
        return resolved
    }

    /// A cycle as a path whose last element repeats the first, or nil.
    private static func findCycle(_ drafts: [StageDraft]) -> [String]? {
        let needs = Dictionary(uniqueKeysWithValues: drafts.map { ($0.name, $0.needs.map(\.name)) })
        var state: [String: Bool] = [:]  // false = on the current path, true = finished
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if let finished = state[name] {
                guard !finished, let start = path.firstIndex(of: name) else { return nil }
                return Array(path[start...]) + [name]
            }
            state[name] = false
            path.append(name)
            for next in needs[name] ?? [] {
                if let cycle = visit(next) { return cycle }
            }
            path.removeLast()
            state[name] = true
            return nil
        }
        for draft in drafts {
            if let cycle = visit(draft.name) { return cycle }
        }
        return nil
    }
}
