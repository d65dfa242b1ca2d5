import ArgumentParser
import Pipeline

/// `p2pgrid graph PIPELINE.yaml`: the stage DAG as Mermaid.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a pipeline's stage graph as a Mermaid flowchart (for Markdown).")

    @Argument(help: "Pipeline file (YAML).")
    var pipeline: String

    @Flag(help: "Colour stages by cache status (cached / stale / missing).")
    var status = false

    @Option(help: "Work directory for --status (overrides the pipeline file's workDirectory).")
    var workDir: String?

    func run() throws {
        let spec = try PipelineCommandSupport.loadSpec(pipeline)
        let statuses = status ? PipelineStatus.evaluate(spec, workDirectory: WorkDirectory(path: workDir ?? spec.workDirectory)) : []
        print(MermaidGraph.render(spec, statuses: statuses), terminator: "")
    }
}
