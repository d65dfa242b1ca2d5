/// The stage DAG as a Mermaid flowchart (paste into Markdown).
public enum MermaidGraph {
    /// `flowchart LR` with one node per stage (name and kind) and one edge
    /// per need; with `statuses`, nodes are coloured cached / stale / missing.
    public static func render(_ spec: PipelineSpec, statuses: [StageStatus] = []) -> String {
        var lines = ["flowchart LR"]
        for stage in spec.stages {
            lines.append("    \(stage.name)[\"\(stage.name)<br/><i>\(stage.kind.name)</i>\"]")
        }
        for stage in spec.stages {
            for need in stage.needs { lines.append("    \(need) --> \(stage.name)") }
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
                lines.append("    class \(status.name) \(className)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
