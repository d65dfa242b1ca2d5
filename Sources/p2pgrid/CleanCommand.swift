import ArgumentParser
import Pipeline

/// `p2pgrid clean [--keep-latest]`: frees cache space.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove cached stage outputs from the work directory (run manifests are kept).")

    @Argument(help: "Pipeline file whose work directory to clean (default: --work-dir).")
    var pipeline: String?

    @Flag(help: "Keep the outputs of the latest configuration of every pipeline's stages.")
    var keepLatest = false

    @Option(help: "Work directory (default: the pipeline file's, else .p2pgrid).")
    var workDir: String?

    @Flag(help: "Wait for a run holding the work directory instead of refusing.")
    var wait = false

    func run() throws {
        let directory = try workDir ?? pipeline.map { try PipelineCommandSupport.loadSpec($0).workDirectory }
            ?? PipelineSpecParser.defaultWorkDirectory
        do {
            let summary = try CacheCleaner.clean(WorkDirectory(path: directory), keepLatest: keepLatest, wait: wait) { holder in
                PipelineCommandSupport.printError("waiting for the work directory lock (held by \(holder))")
            }
            let megabytes = Double(summary.freedBytes) / 1_048_576
            print("removed \(summary.removedEntries) cache entr\(summary.removedEntries == 1 ? "y" : "ies") (\(String(format: "%.1f", megabytes)) MiB), kept \(summary.keptEntries)")
        } catch let error as PipelineError {
            throw PipelineCommandSupport.fail(error)
        }
    }
}
