import ArgumentParser
import Pipeline

/// `p2pgrid status PIPELINE.yaml`: which stages are cached, stale (and why) or missing.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each stage of a pipeline as cached, stale (with what changed) or missing.")

    @Argument(help: "Pipeline file (YAML).")
    var pipeline: String

    @Option(help: "Work directory (overrides the pipeline file's workDirectory).")
    var workDir: String?

    func run() throws {
        let spec = try PipelineCommandSupport.loadSpec(pipeline)
        let statuses = PipelineStatus.evaluate(spec, workDirectory: WorkDirectory(path: workDir ?? spec.workDirectory))
        for status in statuses {
            let head = "\(status.name) [\(status.kind)] \(PipelineCommandSupport.shortKey(status.key))"
            switch status.state {
            case .cached:
                print("\(head): cached")
            case .stale(let reasons):
                print("\(head): stale")
                for reason in reasons { print("    \(reason)") }
            case .missing(let reason):
                print("\(head): missing (\(reason))")
            }
        }
    }
}
