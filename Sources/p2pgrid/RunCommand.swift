import ArgumentParser
import Foundation
import OPF
import Pipeline

/// `p2pgrid run PIPELINE.yaml`: runs the stages that are not cached.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline: every stage whose outputs are not cached, independent stages concurrently.",
        discussion: """
            Outputs go to <work directory>/stages/<key>/ (work directory from the pipeline file, default .p2pgrid).
            A provenance manifest is written to <work directory>/runs/. SIGINT/SIGTERM stop cleanly; re-run to resume.
            Exit codes: 0 done, 1 a stage failed or the work directory is locked, 2 bad input, 130 interrupted.
            """)

    @Argument(help: "Pipeline file (YAML).")
    var pipeline: String

    @Flag(help: "Print what would run and what is cached, then stop.")
    var dryRun = false

    @Option(help: "Run at most N independent stages at the same time.")
    var jobs = 1

    @Option(help: "Run this stage and the stages it needs, nothing downstream.")
    var until: String?

    @Option(help: "Run only this stage (its inputs must be cached).")
    var only: String?

    @Option(help: "Re-run this stage even when cached (repeatable).")
    var force: [String] = []

    @Option(help: "Work directory (overrides the pipeline file's workDirectory).")
    var workDir: String?

    @Option(help: "Where report stages publish (<reports>/<pipeline>/).")
    var reports = "Reports"

    @Flag(help: "Wait for another run on the same work directory instead of refusing.")
    var wait = false

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if until != nil && only != nil { throw ValidationError("--until and --only cannot be combined") }
    }

    func run() throws {
        let spec = try PipelineCommandSupport.loadSpec(pipeline)
        let options = RunOptions(jobs: jobs, until: until, only: only, force: Set(force), waitForLock: wait, reportsDirectory: reports)
        let cancellation = CancellationFlag()
        let progress = ProgressPrinter()
        let runner = PipelineRunner(spec: spec, workDirectory: workDir, options: options,
                                    versions: ToolVersions.detect(repository: "."),
                                    platform: PlatformDescription.detect(ipoptKernels: IpoptKernelBindings.description),
                                    cancellation: cancellation,
                                    observer: { progress.print($0) })
        do {
            if dryRun {
                printPlan(try runner.plan())
                return
            }
            let trap = SignalTrap(cancelling: cancellation) { signal in
                PipelineCommandSupport.printError("p2pgrid: \(signal): stopping after running stages stop; again to exit at once")
            }
            let result = try withExtendedLifetime(trap) { try runner.run() }
            let ran = result.manifest.stages.filter { $0.cache == .miss || $0.cache == .forced }.count
            let hits = result.manifest.stages.filter { $0.cache == .hit }.count
            print("\(spec.name): \(ran) stage(s) ran, \(hits) cached, \(String(format: "%.2f", result.manifest.wallTimeSeconds)) s; manifest \(result.manifestPath)")
        } catch let error as PipelineError {
            throw PipelineCommandSupport.fail(error)
        }
    }

    private func printPlan(_ plan: RunPlan) {
        for planned in plan.stages {
            let action: String
            switch planned.decision {
            case .hit: action = "cached"
            case .miss: action = "will run"
            case .forced: action = "will run (forced)"
            case .notSelected, .notRun: action = "not selected"
            }
            print("\(planned.stage.name) [\(planned.stage.kind.name)] \(PipelineCommandSupport.shortKey(planned.key)): \(action)")
        }
    }
}

/// Prints stage events on stderr, one line each; progress (with a text bar)
/// at most once a second per stage, so concurrent stages interleave cleanly
/// and logs of long stages stay readable.
final class ProgressPrinter: @unchecked Sendable {
    private let lock = NSLock()
    private var lastProgress: [String: ContinuousClock.Instant] = [:]

    func print(_ event: StageEvent) {
        let line: String?
        switch event {
        case .waitingForLock(let holder):
            line = "waiting for the work directory lock (held by \(holder))"
        case .cacheHit(let stage, let key):
            line = "[\(stage)] cached (\(PipelineCommandSupport.shortKey(key)))"
        case .started(let stage, let key, let forced):
            line = "[\(stage)] started\(forced ? " (forced)" : "") (\(PipelineCommandSupport.shortKey(key)))"
        case .progress(let stage, let fraction, let message):
            line = shouldPrintProgress(stage: stage, fraction: fraction)
                ? "[\(stage)] \(Self.bar(fraction)) \(String(format: "%3.0f%%", fraction * 100)) \(message)" : nil
        case .note(let stage, let message):
            line = "[\(stage)] \(message)"
        case .finished(let stage, _, let seconds):
            line = "[\(stage)] done in \(String(format: "%.2f", seconds)) s"
        case .failed(let stage, let message):
            line = "[\(stage)] failed: \(message)"
        case .published(let stage, let directory):
            line = "[\(stage)] published to \(directory)"
        }
        if let line { PipelineCommandSupport.printError(line) }
    }

    /// A 20-cell text bar; plain characters so it survives logs and CI output.
    private static func bar(_ fraction: Double) -> String {
        let filled = Int((fraction * 20).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "]"
    }

    private func shouldPrintProgress(stage: String, fraction: Double) -> Bool {
        lock.withLock {
            let now = ContinuousClock.now
            if fraction < 1, let last = lastProgress[stage], now - last < .seconds(1) { return false }
            lastProgress[stage] = now
            return true
        }
    }
}
