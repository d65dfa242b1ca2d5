/// The stage DAG as a Mermaid flowchart (paste into Markdown).
public enum MermaidGraph {
    /// `flowchart LR` with one node per stage (name and kind) and one edge
    /// per need; with `statuses`, nodes are coloured cached / stale / missing.
    /// Node ids are `s0`, `s1`, … in file order, since stage names may hold
    /// characters (`-`) that Mermaid reads as edge syntax.
    public static func render(_ spec: PipelineSpec, statuses: [StageStatus] = []) -> String {
        let ids = Dictionary(uniqueKeysWithValues: spec.stages.enumerated().map { ($0.element.name, "s\($0.offset)") })
        var lines = ["flowchart LR"]
        for stage in spec.stages {
            lines.append("    \(ids[stage.name]!)[\"\(stage.name)<br/><i>\(stage.kind.name)</i>\"]")
        }
        for stage in spec.stages {
            for need in stage.needs { lines.append("    \(ids[need]!) --> \(ids[stage.name]!)") }
        }
        if !statuses.isEmpty {
            lines.append("    classDef cached fill:#d4edda,stroke:#28a745")
            lines.append("    classDef stale fill:#fff3cd,stroke:#ffc107")
            lines.append("    classDef missing fill:#f8d7da,stroke:#dc3545")
            for status in statuses {
                let className: String
                switch status.state {
                case .cached: className = "cached"
                case .stale: className = "stale"
                case .missing: className = "missing"
                }
                lines.append("    class \(ids[status.name]!) \(className)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
